"""The demo: a deterministic, realistic dataset and synthetic call recordings."""
