"""The stdout JSON-lines protocol of pipelines/README.md.

stdout belongs to the protocol alone: `take_stdout()` moves the process's stdout (Python's and
file descriptor 1, so that C libraries' prints follow) to stderr and keeps a private handle
on the original stdout for the events.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any, TextIO


def now_ms() -> float:
    """CLOCK_MONOTONIC in milliseconds: the one clock every pipeline and the harness share."""
    return time.monotonic_ns() / 1e6


class Protocol:
    def __init__(self, out: TextIO):
        self._out = out

    def emit(self, event: str, t_ms: float | None = None, **fields: Any) -> None:
        record = {"event": event, "t_ms": now_ms() if t_ms is None else t_ms, **fields}
        self._out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._out.flush()

    def start(self, stage: str, t_ms: float | None = None) -> None:
        self.emit("start", t_ms, stage=stage)

    def end(self, stage: str, busy_ms: float, t_ms: float | None = None, **counts: Any) -> None:
        self.emit("end", t_ms, stage=stage, busy_ms=busy_ms, **counts)

    def error(self, stage: str | None, message: str) -> None:
        self.emit("error", stage=stage, message=message)


def take_stdout() -> Protocol:
    sys.stdout.flush()
    protocol_fd = os.dup(1)
    os.dup2(2, 1)  # anything else written to fd 1 (native libraries) lands on stderr
    sys.stdout = sys.stderr
    return Protocol(os.fdopen(protocol_fd, "w", encoding="utf-8", buffering=1))
