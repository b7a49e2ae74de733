"""Adgangslog."""
