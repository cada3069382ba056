"""gunicorn hooks for the web tier (``captura web``; the load benchmark serves its reference with them too).

After a worker has loaded the application, everything alive is code,
configuration, metadata and pools that live as long as the process. Python's
full garbage collection walks all of it (about 170,000 objects, 110 ms on the
box we measure on), stalling every request of that worker whenever it runs.
``gc.freeze()`` moves those objects out of the collector's sight; objects
made by requests are collected as before.
"""

from __future__ import annotations

import gc
from typing import Any


def post_worker_init(worker: Any) -> None:
    """Called by gunicorn in each worker once the application is loaded."""
    gc.freeze()
