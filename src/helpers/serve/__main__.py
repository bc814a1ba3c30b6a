"""``python -m helpers.serve lab|walkthrough|capture|room ...``: the commands of ``helpers.serve``."""
from helpers.serve import main

__all__: list[str] = []

raise SystemExit(main())
