"""Developer tools of the demo: the one-off builder of the committed demo recordings."""
