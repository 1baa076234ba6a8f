"""Many verified residents at once, inserted in bulk (they never need to sign in)."""

import itertools
import uuid

import sqlalchemy as sa

from consult.models import User, db
from tests.factories import NOW

UNUSABLE_HASH = "!reliability-account-without-password"
_batch = itertools.count(1)


def bulk_residents(count: int) -> list[int]:
    """Insert `count` verified residents in one statement; return their ids."""
    tag = f"{uuid.uuid4().hex[:8]}-{next(_batch)}"
    # One email domain each: a crowd from one domain would be held as a burst (domain/abuse.py).
    rows = [{"email": f"crowd-{tag}-{number}@d{number}.example.org",
             "display_name": f"Crowd {number}",
             "password_hash": UNUSABLE_HASH, "role": "resident", "email_verified_at": NOW,
             "created_at": NOW} for number in range(count)]
    if "email_normalised" in User.__table__.c:  # lower-case addresses are already normal
        for row in rows:
            row["email_normalised"] = row["email"]
    db.session.execute(sa.insert(User), rows)
    db.session.commit()
    return list(db.session.scalars(
        sa.select(User.id).where(User.email.like(f"crowd-{tag}-%")).order_by(User.id)))
