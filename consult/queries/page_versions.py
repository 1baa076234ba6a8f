"""How far the stored state has moved: the version a cached public page is valid for.

Every change made through the service appends an audit entry, so the head of the audit log's
main lane (lane 0) moves with every change a public page can show. Responses are chained in
lanes of their own and counted apart: the newest response version moves with every
submission, change or withdrawal, and only the pages that show totals need it. Both are a
lookup at the end of a primary-key index.
"""

from ..models import db

# Plain SQL on a pooled driver connection, outside the ORM session: this runs on every cached
# page view, and a session costs more to set up and tear down than the lookups themselves.
_CURRENT = ("SELECT (SELECT max(seq) FROM audit_entries WHERE lane = 0), "
            "(SELECT max(id) FROM response_versions)")


def current() -> tuple[int, int]:
    """(main lane's head, newest response version), read in one round trip."""
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(_CURRENT)
        audit_head, responses = cursor.fetchone()
        cursor.close()
    finally:
        connection.close()  # back to the pool, which ends the read transaction
    return audit_head or 0, responses or 0
