"""The load test: two gunicorn instances on one PostgreSQL and one Redis (see loadtest/run.py)."""
