"""Rollups of what the database holds, as plain data for the pages and the exports.

Three layers, imports pointing down only: ``queries`` (read SQL in the role's scope) →
``summaries`` (the one keeper of the summary tables, called by every write path) →
``rollups`` (pure arithmetic on frames). ``targets`` holds the report settings all three
read. Nothing here imports the write paths (review, privacy, ingest, demo) that call it.
"""
