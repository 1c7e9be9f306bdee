"""Accounts: invitations, password reset, the user's own settings, and managing staff."""
