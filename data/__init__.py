"""Demo data that ships with the code (name lists); the demo SQLite file beside it is never committed."""
