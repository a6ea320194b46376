"""Qt item models over the library (one per file)."""
