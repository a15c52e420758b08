"""Keep each user under Amplitude's per-user rate (30 events a second; beyond it the API
answers 429 and the SDK holds the events back 30 s)."""

import time
from collections import deque
from collections.abc import Callable

WINDOW_SECONDS = 1.05  # a little over Amplitude's one-second window


class UserPacer:
    def __init__(self, limit: int, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.limit, self.window, self.clock, self.sleep = limit, window, clock, sleep
        self.queued: dict[str, int] = {}
        self._sent: dict[str, deque[tuple[float, int]]] = {}

    def _recent(self, user: str) -> int:
        sent = self._sent.get(user)
        if not sent:
            return 0
        horizon = self.clock() - self.window
        while sent and sent[0][0] <= horizon:
            sent.popleft()
        return sum(n for _, n in sent)

    def has_room(self, user: str) -> bool:
        """Whether one more event of `user` can join the queued ones."""
        return self._recent(user) + self.queued.get(user, 0) < self.limit

    def add(self, user: str) -> None:
        self.queued[user] = self.queued.get(user, 0) + 1

    def sent(self) -> None:
        """The queued events went out now."""
        now = self.clock()
        for user, count in self.queued.items():
            self._sent.setdefault(user, deque()).append((now, count))
        self.queued = {}

    def wait_for_room(self, user: str) -> None:
        while not self.has_room(user):
            oldest = self._sent[user][0][0]
            self.sleep(max(0.001, oldest + self.window - self.clock()))
