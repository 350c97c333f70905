"""Alembic environment: runs the migrations on the engine handed over by qa_app.db.migrate."""

from alembic import context

from qa_app.db.schema import metadata
from qa_app.db.search_models import FULL_TEXT_OBJECTS

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=lambda name, _type, _parents: name not in FULL_TEXT_OBJECTS,
    )
    context.run_migrations()
