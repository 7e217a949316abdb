"""`python -m generator` → the teladan command line."""

import sys

from .cli import main

sys.exit(main())
