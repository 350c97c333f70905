"""Accounts and passwords, roles and the data each role may read, and the audit log."""
