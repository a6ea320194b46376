"""Full-text search (Whoosh), a derived cache of the database. The only package that
imports whoosh."""
