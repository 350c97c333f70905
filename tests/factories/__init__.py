"""Test-only factories: rows written straight to the tables, the way the real workflows would
leave them, for tests that need the state without walking the workflow."""
