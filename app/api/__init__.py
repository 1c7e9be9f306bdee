"""The JSON API at /api/v1: the same records as the pages, for other systems.

Every list and record comes through the same visibility query as the pages
(app.dialogues.visibility); requests are made as the owner of a Bearer token, or anonymously.
"""
