"""Alembic's environment for the store's tables: run by domain.storage.schema_version.upgrade on
the connection it gives (never from a command line of its own)."""

from alembic import context

from domain.storage.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
