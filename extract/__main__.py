"""``python -m extract`` runs the CLI."""

import sys

from extract.cli import main

sys.exit(main())
