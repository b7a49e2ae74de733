"""Brugere og roller."""
