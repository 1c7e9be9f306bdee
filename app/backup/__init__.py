"""Backup and restore: `flask backup` writes one archive (database snapshot, uploaded files,
manifest); `flask restore` checks it and brings it back into an empty database and upload folder."""
