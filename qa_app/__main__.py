"""`python -m qa_app …`: see qa_app.cli."""

import sys

from qa_app.cli import main

sys.exit(main())
