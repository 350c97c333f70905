"""Streamlit pages, one file per screen."""
