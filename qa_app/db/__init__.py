"""Database: typed models, the one session factory, and migrations."""
