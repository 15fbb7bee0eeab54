"""`relbot demo`: a synthetic council in a local SQLite file, shown in the terminal."""
