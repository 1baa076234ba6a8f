"""Each worker keeps the analysis page's figures and lists while nothing has changed.

The counts over every reason of a consultation cost the most on its analysis page. Every change
made through the service (a code, a read mark, a moderation, a finished analysis run) is audited
in the main lane, and every response's change adds a response version: while neither has moved
(queries/page_versions.py), the figures and a filtered list are still exact, so a worker reuses
them, for at most a minute. Kept per app, as the page cache is.
"""

import time
from collections import OrderedDict
from collections.abc import Callable

from flask import current_app

from ..queries import page_versions

MAX_ENTRIES = 64
MAX_AGE_SECONDS = 60.0


def remembered(key: tuple, compute: Callable):
    """compute()'s value, reused while the stored state is the one it was computed from."""
    store: OrderedDict = current_app.extensions.setdefault("analysis_cache", OrderedDict())
    version, now = page_versions.current(), time.monotonic()
    found = store.get(key)
    if found is not None and found[0] == version and now - found[1] < MAX_AGE_SECONDS:
        store.move_to_end(key)
        return found[2]
    value = compute()
    store[key] = (version, now, value)
    store.move_to_end(key)
    while len(store) > MAX_ENTRIES:
        store.popitem(last=False)
    return value
