"""Photos of dialogues and evidence photos of outcome updates.

processing.py decodes and re-encodes an upload so that no metadata survives; storage.py keeps the
files under UPLOAD_FOLDER in step with the database; services.py is the API other packages call;
views.py serves a photo only to users who may see the dialogue that owns it.
"""
