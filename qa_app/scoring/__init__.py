"""Assessment forms (rubric/) and pre-scoring; built in issue 6."""
