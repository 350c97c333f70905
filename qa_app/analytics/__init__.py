"""Speech analytics, the pure parts: search queries, fuzzy expansion, highlighting, and the
turns of a transcript or chat thread as the search index stores them. No database here."""
