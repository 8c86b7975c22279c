"""Leading-school networks (N-1 … N-6): organisations, coordination centres, events, resources."""
