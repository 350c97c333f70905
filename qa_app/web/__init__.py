"""The web server around the Streamlit script: session cookie, recording route, headers."""
