"""Counted receipt codes, published when a consultation closes, and a search for one's own."""

from flask import render_template, request

from .. import clock
from ..queries import open_data
from . import bp
from .loaders import load_published
from .receipt_forms import ReceiptSearchForm


@bp.get("/consultations/<id:proposal_id>/receipts")
def consultation_receipts(proposal_id: int):
    """Every counted code, no names and no choices; before the close, when it will appear."""
    proposal = load_published(proposal_id)
    now = clock.now()
    status, published = proposal.status_at(now), open_data.receipts_published(proposal, now)
    searched = published and "code" in request.args
    form = ReceiptSearchForm(formdata=request.args if searched else None)
    codes = open_data.receipts(proposal) if published else []
    listed = form.normalised() in set(codes) if searched and form.validate() else None
    return render_template("public/consultations/receipts.html", proposal=proposal,
                           status=status, published=published, codes=codes, form=form,
                           listed=listed, searched_code=form.normalised() if searched else "")
