"""Public aggregate tables of private data (data/aggregates/): written by staff, read by the site and the check."""
