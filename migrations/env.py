"""Alembic environment: the models' metadata, and the connection models/migrate.py hands over (or
DATABASE_URL when run from the alembic command line)."""
from alembic import context
from sqlmodel import SQLModel

from models.db import database_url, import_models, make_engine

import_models()
target_metadata = SQLModel.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True,
                      render_as_batch=connection.dialect.name == "sqlite")  # SQLite alters by copying tables
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = make_engine(database_url())
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
