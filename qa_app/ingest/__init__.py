"""Importers for roster, interactions, CSI and recordings: parse → validate → upsert."""
