"""The QCO review workbench's domain: evaluations, answers, revisions and their history."""
