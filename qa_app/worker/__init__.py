"""The worker's entry point: the job handlers (transcribe, pre-score) and the scheduled
duties (the Monday draw, the nightly purge and training) that ``python -m qa_app worker``
installs on the job queue. Like the pages and the CLI, it calls services and the domain;
nothing below imports it."""
