"""The whole schema: imports every model module so that ``metadata`` holds every table.

Alembic and the schema test read ``metadata`` from here; a new model module is added below.
"""

from qa_app.db import (  # noqa: F401  (imported for their tables)
    accuracy_models,
    auth_models,
    calibration_models,
    category_models,
    coaching_models,
    dispute_models,
    models,
    review_models,
    sampling_models,
    screening_models,
    search_models,
    summary_models,
    web_session_models,
    work_models,
)
from qa_app.db.models import Base

metadata = Base.metadata
