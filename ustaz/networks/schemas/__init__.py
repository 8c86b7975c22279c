"""Table Schemas of the network tables; a project publishes copies in data/schemas/ (N-1 … N-5)."""
