"""The app with the bench's bare page (base.html alone), for bench/serve.py under gunicorn."""

from flask import render_template

from app import create_app

app = create_app()
app.add_url_rule("/_bench/bare", "bench_bare", lambda: render_template("base.html"))
