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
    "public.consultations_index": PUBLIC,
    "public.consultation": PUBLIC,
    "public.consultation_document": PUBLIC,
    "public.consultation_results": PUBLIC,
    "public.receipt": SIGNED_IN,
    "public.respond": SIGNED_IN,
    "public.withdraw_response": SIGNED_IN,
    "public.post_comment": SIGNED_IN,
    "public.report_comment": SIGNED_IN,
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
    "officer.consultations": OFFICER,
    "officer.new_consultation": OFFICER,
    "officer.edit_consultation": OFFICER,
    "officer.consultation": OFFICER,
    "officer.schedule_consultation": OFFICER,
    "officer.consultation_documents": OFFICER,
    "officer.remove_consultation_document": OFFICER,
    "officer.extend_consultation": OFFICER,
    "officer.close_consultation": OFFICER,
    "officer.withdraw_consultation": OFFICER,
    "officer.new_consultation_note": OFFICER,
    "officer.consultation_results_visibility": OFFICER,
    "officer.moderation_queue": OFFICER,
    "officer.moderation_history": OFFICER,
    "officer.moderation_hide_comment": OFFICER,
    "officer.moderation_dismiss_reports": OFFICER,
    "officer.moderation_publish_reason": OFFICER,
    "officer.moderation_hide_reason": OFFICER,
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
SAMPLE_VALUES = {"slug": "volgograd", "token": "not-a-real-token", "filename": "css/app.css",
                 "comment_id": 1, "response_id": 1,
                 "proposal_id": 1, "document_id": 1}
