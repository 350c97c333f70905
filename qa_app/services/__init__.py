"""The use cases of the workbench, one function each, for the pages and the command line alike.

A use case owns its transaction, its audit entry and the jobs that follow it; it takes the
settings and the requester as arguments and imports no Streamlit.
"""
