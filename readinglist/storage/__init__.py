"""SQLite storage: the only package that speaks SQL. The database is the source of truth."""
