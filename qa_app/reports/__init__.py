"""Rollups of what the database holds, as plain data for the pages and the exports."""
