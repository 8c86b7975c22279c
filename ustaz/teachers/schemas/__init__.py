"""Table Schemas of the private staff tables (K-2, K-4)."""
