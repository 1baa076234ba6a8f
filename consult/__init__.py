"""consult: public consultations on a council's twin links, with an auditable history."""

import logging

from flask import Flask

from . import config as config_module


def create_app(overrides: dict | None = None) -> Flask:
    """Build the app: config, extensions, blueprints, CLI, error handlers, headers."""
    settings = config_module.load()
    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"],
                template_folder="../templates", static_folder="static")
    app.config.update(settings)
    app.config.update(overrides or {})
    proxies = int(app.config.get("CONSULT_TRUSTED_PROXIES", 0))
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    from . import request_log

    logging.basicConfig(level=logging.WARNING, format=request_log.FORMAT)
    request_log.init_app(app)  # the first hook: whatever logs later carries the request id
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_cli(app)
    from . import tasks

    tasks.configure(app)  # the task queue: notifications and account mail
    return app


def register_extensions(app: Flask) -> None:
    from . import database, signing
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    database.configure_engine(app)
    migrate.init_app(app, db, directory=str(config_module.PROJECT_ROOT / "migrations"),
                     render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    signing.init_app(app)
    from .auth.session import configure_login

    configure_login(login_manager)


def register_blueprints(app: Flask) -> None:
    from . import converters
    from .admin import bp as admin_bp
    from .audit import bp as audit_bp
    from .auth import bp as auth_bp
    from .officer import bp as officer_bp
    from .public import bp as public_bp

    converters.init_app(app)  # before any rule names `<id:...>`
    for blueprint in (public_bp, auth_bp, officer_bp, admin_bp, audit_bp):
        app.register_blueprint(blueprint)
    from . import api, opendata

    api.init_app(app)
    opendata.init_app(app)


def register_hooks(app: Flask) -> None:
    from . import clockwork, errors, forms_base, i18n, security, templating

    i18n.init_app(app)  # before templating: Babel installs the Jinja i18n extension
    clockwork.init_app(app)
    forms_base.init_app(app)
    templating.init_app(app)
    security.init_app(app)
    errors.init_app(app)


def register_cli(app: Flask) -> None:
    from .cli import register_commands

    register_commands(app)
