"""Retry a sink write on transient failure: three retries after 1 s, 2 s and 4 s (spec 2.3)."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
BACKOFF_SECONDS = (1.0, 2.0, 4.0)
log = logging.getLogger(__name__)


def with_retries(write: Callable[[], T], transient: tuple[type[BaseException], ...],
                 what: str, backoff: tuple[float, ...] = BACKOFF_SECONDS,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """`write()`, retried after each delay in `backoff` while it raises a `transient` error;
    the last error propagates for the caller to dead-letter."""
    for delay in backoff:
        try:
            return write()
        except transient as exc:
            log.warning("%s failed (%s), retrying in %.0f s", what, type(exc).__name__, delay)
            sleep(delay)
    return write()
