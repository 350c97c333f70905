"""The web shell, the only package (with the screens in qa_app/pages) that imports Streamlit.

* ``server.py`` (``streamlit run qa_app/web/server.py``) serves the entry script ``app.py``
  with the routes of ``routes.py`` (session cookie, recordings, media guard) and the headers
  of ``headers.py``;
* ``app.py``: login first, then the navigation with the pages of the role;
* what the screens share: ``context.py`` (the page context every page starts with),
  ``login.py`` (login, logout, password change, idle timeout, page guard), ``language.py``,
  ``database.py`` (the engine), ``table.py`` (the one way to show a table), ``uploads.py``,
  ``transcript_view.py`` (player and transcript), ``review_recovery.py`` (a refused save) and
  ``navigation_audit.py`` (a request for a page the role may not open).
"""
