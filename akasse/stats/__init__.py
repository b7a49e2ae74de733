"""Monitoring and evaluation from the dataset schema (docs/data.md): STAR's monitoring,
survival curves, the satisfaction survey and the effect study. No Django."""
