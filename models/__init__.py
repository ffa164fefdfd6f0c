"""The SQLModel store: tables, the engine, and the queries and writes (each write authorised and audited)."""
