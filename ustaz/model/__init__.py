"""The domain model: frozen dataclasses loaded once and read by every output."""
