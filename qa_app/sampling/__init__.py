"""Tapping samples: weekly quotas by tenure and seeded draws; built in issue 4."""
