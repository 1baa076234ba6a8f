"""Holding signatures that arrive in a burst: services/response_bursts.py's rule (same rates,
same allow-listed shared addresses, same keyed network hash), counted over one request's
signatures."""

from datetime import datetime

from ..models import Signature
from .response_bursts import mark


def mark_new(signature: Signature, email: str, client: str | None, now: datetime) -> None:
    """A first signature to a request, counted against that request's signatures."""
    mark(signature, Signature.request_id == signature.request_id, email, client, now)
