"""The case application (Django): caseworkers, team leads, members, jobcentre and analysts.

It depends on the engines (rules, sim, stats); they never import it.
"""
