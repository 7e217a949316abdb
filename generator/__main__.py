"""`python -m generator` → the teladan command line."""

from .cli import main

main()
