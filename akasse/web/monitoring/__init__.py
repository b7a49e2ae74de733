"""Opfølgning og evaluering."""
