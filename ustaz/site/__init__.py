"""The site: an mkdocs plugin (config.py + plugin.py + helpers) that renders the model."""
