"""Plain-Python core of Reading List: entities, identity rules, errors and the Library facade."""
