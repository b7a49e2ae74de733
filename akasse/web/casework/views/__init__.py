"""Casework pages: one function view per action, each scoped through ``akasse.web.access``."""
