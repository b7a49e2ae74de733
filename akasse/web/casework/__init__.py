"""Casework: conversations, bookable slots, Min Plan, CV, joblog, offers and the stored plan."""
