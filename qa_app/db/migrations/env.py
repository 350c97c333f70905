"""Alembic environment: runs the migrations on the engine handed over by qa_app.db.migrate.

On SQLite, foreign keys are off while migrating (the pragma cannot change inside a
transaction, so it is set before the migrations' one): a batch operation rebuilds a table
by copy, drop and rename, and dropping a table that other rows point at would otherwise
cascade into them or fail. What the rebuilt tables hold is checked before the commit.
"""

from alembic import context
from sqlalchemy import text

from qa_app.db.schema import metadata
from qa_app.db.search_models import FULL_TEXT_OBJECTS

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=metadata,
                render_as_batch=sqlite,
                compare_type=True,
                include_name=lambda name, _type, _parents: name not in FULL_TEXT_OBJECTS,
            )
            context.run_migrations()
            if sqlite:
                broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows pointing nowhere: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
