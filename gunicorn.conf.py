"""gunicorn settings for production; each can be overridden on the command line."""

import multiprocessing
import os

bind = os.environ.get("HIWAR_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("HIWAR_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("HIWAR_THREADS", "2"))
timeout = 60
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then, so no slow leak builds up
max_requests_jitter = 200
accesslog = "-"
forwarded_allow_ips = os.environ.get("HIWAR_FORWARDED_ALLOW_IPS", "127.0.0.1")
