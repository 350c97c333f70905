"""Tapping samples (issue 4): weekly quotas by tenure, eligibility, seeded day-spread draws,
targeted picks, balanced reviewer assignment.

Entry points: ``service.plan_week`` / ``service.run_draw``, ``verify.verify_draw``,
``export.export_rows``, ``reassign.reassign_sample`` / ``reassign.reassign_absent_reviewer``,
``schedule.scheduled_weekly_draw``; the rules are data in ``rules.yaml``.
"""
