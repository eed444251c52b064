"""The SQLAlchemy metadata every table of the store belongs to (one schema, created together)."""

from sqlalchemy import MetaData

metadata = MetaData()
