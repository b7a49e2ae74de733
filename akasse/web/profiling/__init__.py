"""Profilafklaring."""
