"""The one place that keeps the report summary tables (``qa_app.db.summary_models``).

* ``item_tallies`` — ``report_item_tally``: item answers per agent and month, recounted in
  the transaction that finalizes, revises, stages or purges evaluations;
* ``kpi_day_table`` — ``report_kpi_day``: KPI sums per agent and local day, recounted by an
  interactions import;
* ``generation`` — ``report_generation``: a number raised with every write the reports read,
  the key of the web layer's cache of report results.

Every write path (review, privacy, ingest, sampling, demo) calls these; nothing here imports
those packages, and the report queries read the tables only while they are current.
"""
