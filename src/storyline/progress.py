"""Progress on stderr for long work; silent when asked, or when stderr is not a terminal."""

from __future__ import annotations

import sys
import time


class Progress:
    """A counter line on stderr: 'ingest: 12/40 files (3.1/s) current-file'."""

    # Only work longer than a handful of items gets a progress line.
    QUIET_BELOW = 5

    def __init__(self, label: str, total: int | None = None, enabled: bool = True) -> None:
        self.label = label
        self.total = total
        # A redrawn line only makes sense on a terminal; logs and CI get the summary instead.
        self.enabled = enabled and sys.stderr.isatty()
        self.done = 0
        self.started = time.monotonic()
        self._last_draw = 0.0

    def advance(self, note: str = "", step: int = 1) -> None:
        self.done += step
        now = time.monotonic()
        if (
            self.enabled
            and self.done > self.QUIET_BELOW
            and (now - self._last_draw > 0.2 or self.done == self.total)
        ):
            self._last_draw = now
            rate = self.done / max(now - self.started, 1e-6)
            count = f"{self.done}/{self.total}" if self.total else str(self.done)
            line = f"\r{self.label}: {count} ({rate:.1f}/s) {note[-50:]}"
            sys.stderr.write(line.ljust(100)[:100])
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.done > self.QUIET_BELOW:
            sys.stderr.write("\n")
            sys.stderr.flush()
