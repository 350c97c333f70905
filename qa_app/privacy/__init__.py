"""Personal-data duties: safe recording paths, consent, the privacy policy and retention."""
