"""Table Schemas of the public aggregate tables (data/aggregates/); a project publishes copies in data/schemas/."""
