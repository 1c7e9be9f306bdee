"""Mutation testing of the rule modules (`make mutate`); see mutation/run.py."""
