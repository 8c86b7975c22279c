"""Site contributions of each capability (see ustaz/site/extensions.py)."""
