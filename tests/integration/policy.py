"""The declared access policy: every route's audience. A route missing here fails the suite."""

PUBLIC = "public"          # anyone, signed in or not
SIGNED_IN = "signed_in"    # any account
OFFICER = "officer"        # officers and administrators
ADMIN = "admin"            # administrators only

POLICY = {
    "static": PUBLIC,
    "public.index": PUBLIC,
    "public.about": PUBLIC,
    "public.healthz": PUBLIC,
    "public.links_index": PUBLIC,
    "public.link_detail": PUBLIC,
    "auth.register": PUBLIC,
    "auth.check_email": PUBLIC,
    "auth.verify_email": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.sign_out": PUBLIC,
    "auth.forgot_password": PUBLIC,
    "auth.reset_sent": PUBLIC,
    "auth.reset_password": PUBLIC,
    "auth.account": SIGNED_IN,
    "auth.resend_confirmation": SIGNED_IN,
    "officer.dashboard": OFFICER,
    "officer.new_link": OFFICER,
    "officer.edit_link": OFFICER,
    "officer.new_event": OFFICER,
    "officer.change_status": OFFICER,
    "admin.users": ADMIN,
    "admin.change_role": ADMIN,
}

ROLES = ("anonymous", "resident", "auditor", "officer", "admin")

ALLOWED = {
    PUBLIC: set(ROLES),
    SIGNED_IN: {"resident", "auditor", "officer", "admin"},
    OFFICER: {"officer", "admin"},
    ADMIN: {"admin"},
}

# Values for URL variables, so every rule can be requested.
SAMPLE_VALUES = {"slug": "volgograd", "token": "not-a-real-token", "filename": "css/app.css"}
