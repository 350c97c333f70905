"""The whole schema: imports every model module so that ``metadata`` holds every table.

Alembic and the schema test read ``metadata`` from here; a new model module is added below.
"""

from qa_app.db import auth_models, models  # noqa: F401  (imported for their tables)
from qa_app.db import sampling_models, work_models  # noqa: F401
from qa_app.db import review_models  # noqa: F401
from qa_app.db import coaching_models  # noqa: F401
from qa_app.db import summary_models  # noqa: F401
from qa_app.db import web_session_models  # noqa: F401
from qa_app.db.models import Base

metadata = Base.metadata
