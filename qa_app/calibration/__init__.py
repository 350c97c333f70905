"""Calibration and grading the grader: pure arithmetic on answer sets (no database, no UI)."""
