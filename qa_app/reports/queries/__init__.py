"""What the reports read from the database, each query scoped by ``qa_app.auth.scope``."""
