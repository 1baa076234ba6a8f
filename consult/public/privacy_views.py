"""The privacy notice and the accessibility statement."""

from datetime import date

from flask import current_app, render_template

from . import bp

# When the accessibility statement was prepared and last reviewed (GOV.UK model statement).
STATEMENT_PREPARED = date(2026, 11, 26)
STATEMENT_REVIEWED = date(2026, 11, 26)


@bp.get("/privacy")
def privacy():
    config = current_app.config
    return render_template("public/privacy.html",
                           retention_months=config["CONSULT_RETENTION_MONTHS"],
                           mail_retention_days=config["CONSULT_MAIL_RETENTION_DAYS"],
                           privacy_email=config["CONSULT_PRIVACY_EMAIL"])


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html", prepared=STATEMENT_PREPARED,
                           reviewed=STATEMENT_REVIEWED,
                           privacy_email=current_app.config["CONSULT_PRIVACY_EMAIL"])
