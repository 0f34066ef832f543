"""python -m rag_baseline <workload.json>: see pipelines/README.md for the protocol."""

from __future__ import annotations

import os

# Before any Hugging Face import: the model comes from a local directory, never from the hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import logging  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402
from pathlib import Path  # noqa: E402

from .protocol import take_stdout  # noqa: E402


def main(argv: list[str]) -> int:
    protocol = take_stdout()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    state: dict = {"stage": None}
    try:
        if len(argv) != 1:
            protocol.error(None, "usage: python -m rag_baseline <workload.json>")
            return 2
        from .errors import PipelineError
        from .workload import load_workload

        try:
            # validated before LangChain's imports, so that a bad file fails within a second
            workload = load_workload(Path(argv[0]))
            from .pipeline import run

            run(workload, protocol, state)
        except PipelineError as exc:
            protocol.error(exc.stage, exc.message)
            return 1
        return 0
    except KeyboardInterrupt:
        protocol.error(state["stage"], "interrupted")
        return 130
    except BaseException as exc:  # never a bare traceback: the protocol gets an error line
        traceback.print_exc(file=sys.stderr)
        protocol.error(state["stage"], f"unexpected {type(exc).__name__}: {exc}")
        return 1


def _entry() -> None:
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    _entry()
