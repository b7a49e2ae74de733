"""Jobåbninger, jobpræsentationer og jobformidlinger."""
