"""The Hiwar application factory."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from flask import Flask

from app import config as config_module
from app.core import security
from app.extensions import api, babel, cache, compress, csrf, db, login_manager, migrate
from app.routing import IdConverter, refuse_nul_characters

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    private_folder(Path(app.instance_path))
    app.url_map.converters["int"] = IdConverter
    settings = config_module.config_for_environment(app.instance_path)
    if test_config and test_config.get("TESTING"):
        settings = config_module.TestConfig(app.instance_path)
    app.config.from_object(settings)
    if test_config:
        app.config.update(test_config)

    trust_proxies(app)
    app.before_request(refuse_nul_characters)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    security.register(app)
    from app.core import fingerprint

    fingerprint.register(app)
    register_commands(app)
    logging.basicConfig(level=logging.INFO)
    return app


def private_folder(path: Path) -> None:
    """The instance folder holds the database, the secret key, uploads and backups: readable by
    the app's own user only (0700), whatever the umask."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)
    except OSError:  # a folder we may not change (a read-only mount): leave it
        pass


def private_sqlite_file(app: Flask) -> None:
    """An SQLite database (password hashes, unconsented statements) is made readable by its
    owner only (0600) as soon as a connection opens it, rather than the umask's 0644."""
    import sqlalchemy as sa

    with app.app_context():
        engine = db.engine
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or path.startswith("file:"):
        return

    def restrict(dbapi_connection, connection_record) -> None:
        try:
            file = Path(path)
            if file.stat().st_uid == os.getuid() and file.stat().st_mode & 0o077:
                file.chmod(0o600)
        except OSError:
            pass

    sa.event.listen(engine, "connect", restrict)


def trust_proxies(app: Flask) -> None:
    """Behind HIWAR_PROXY_COUNT reverse proxies, take the client's address and scheme from their
    X-Forwarded-* headers (rate limits count clients, not the proxy; HSTS sees HTTPS). Never
    trust those headers without a proxy in front: anyone could then choose their address."""
    proxies = int(app.config.get("PROXY_COUNT", 0))
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def register_extensions(app: Flask) -> None:
    from app.i18n import select_locale

    db.init_app(app)
    from app.search.index import include_object

    migrate.init_app(
        app,
        db,
        directory=str(PROJECT_ROOT / "migrations"),
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "app" / "translations"),
    )
    private_sqlite_file(app)
    login_manager.init_app(app)
    api.init_app(app)
    cache.init_app(app)
    compress.init_app(app)
    from app.caching import versions

    versions.install(db.session.session_factory.class_)
    from app.caching import snapshot

    snapshot.register(app)
    import app.models  # noqa: F401 - registers every model on the metadata
    from app.auth import services as auth_services

    login_manager.user_loader(auth_services.load_user_from_session)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    # "basic": a changed address marks the session non-fresh instead of ending it, because
    # mobile connections here change address often.
    login_manager.session_protection = "basic"


def register_blueprints(app: Flask) -> None:
    from app.accounts.views import bp as accounts_bp
    from app.admin.views import bp as admin_bp
    from app.auth.views import bp as auth_bp
    from app.core.views import bp as core_bp
    from app.dashboards.views import bp as dashboards_bp
    from app.dialogues import editing  # noqa: F401 - adds the writing routes to the blueprint
    from app.dialogues.views import bp as dialogues_bp
    from app.drafts.views import bp as drafts_bp
    from app.exports.views import bp as exports_bp
    from app.maps.views import bp as maps_bp
    from app.notifications.views import bp as notifications_bp
    from app.organizations.views import bp as organizations_bp
    from app.outcomes.queue import bp as outcome_lists_bp
    from app.outcomes.views import bp as outcomes_bp
    from app.photos.views import bp as photos_bp
    from app.tokens.views import bp as tokens_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(dialogues_bp, url_prefix="/dialogues")
    app.register_blueprint(drafts_bp, url_prefix="/dialogues")
    app.register_blueprint(photos_bp, url_prefix="/photos")
    app.register_blueprint(outcomes_bp, url_prefix="/outcomes")
    app.register_blueprint(outcome_lists_bp, url_prefix="/outcomes")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(maps_bp)
    app.register_blueprint(dashboards_bp)
    app.register_blueprint(exports_bp, url_prefix="/exports")
    app.register_blueprint(accounts_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(organizations_bp, url_prefix="/organizations")
    app.register_blueprint(tokens_bp, url_prefix="/account/tokens")
    register_api(app)


def register_api(app: Flask) -> None:
    """The JSON API: Bearer tokens only (so no CSRF), rate-limited, documented by flask-smorest."""
    from app.api import dialogues, drafts, outcomes, reference, statistics  # noqa: F401 - the routes
    from app.api.blueprint import bp as api_bp
    from app.api.docs import bp as api_docs_bp
    from app.api.limits import limit_blueprint

    csrf.exempt(api_bp)
    limiter = limit_blueprint(app, api_bp)
    api.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(api_docs_bp, url_prefix="/api/v1")
    # The same limiter (and storage) guards sign-in and the password links.
    from app.auth.limits import limit_doors

    limit_doors(app, limiter)


def register_errorhandlers(app: Flask) -> None:
    from app.core.errors import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.core.forms import render_hidden_fields_without_ids
    from app.core.templating import register

    register(app)
    render_hidden_fields_without_ids()


def register_commands(app: Flask) -> None:
    from app.auth.cli import users_cli
    from app.backup.cli import backup_command, restore_command
    from app.demo.cli import demo_command
    from app.places.cli import places_cli
    from app.themes.cli import themes_cli

    for command in (
        users_cli,
        places_cli,
        themes_cli,
        demo_command,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
