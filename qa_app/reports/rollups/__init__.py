"""Pure report arithmetic: pandas frames in, tables out; no database, no session."""
