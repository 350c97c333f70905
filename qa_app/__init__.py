"""Quality-assurance and call-tapping workbench for contact centers."""

__version__ = "0.1.0"
