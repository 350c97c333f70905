"""Disputes, acknowledgements and alerts around a finalized evaluation: the pure rules.

No database and no Streamlit here: the window and deadlines, who may raise and who may rule,
what a ruling does to an item's answer, and the dispute figures. The use cases that store
them are in qa_app/services/disputes.py and qa_app/services/inbox.py.
"""
