"""The bottom layer: entities, errors, identity rules, links, tags and the atomic file writer.

It imports nothing else of the project; ``formats/``, ``storage/`` and ``search/`` build on it.
"""
