"""python -m rag_baseline <workload.json>: see pipelines/README.md for the protocol."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

from .protocol import take_stdout


def baseline_parts():
    """LangChain's splitter and HuggingFaceEmbeddings over sentence-transformers and torch."""
    from . import PIPELINE_ID, torch_engine
    from .chunking import split_with_langchain
    from .parts import Parts

    return Parts(
        PIPELINE_ID, torch_engine.LIBRARIES, torch_engine.load_runtime, torch_engine.load_model, split_with_langchain
    )


def main(argv: list[str], make_parts: Callable = baseline_parts, program: str = "rag_baseline") -> int:
    protocol = take_stdout()
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    state: dict = {"stage": None}
    try:
        if len(argv) != 1:
            protocol.error(None, f"usage: python -m {program} <workload.json>")
            return 2
        from .errors import PipelineError
        from .workload import load_workload

        try:
            # validated before LangChain's imports, so that a bad file fails within a second
            workload = load_workload(Path(argv[0]))
            if workload.job == "tokenize":
                from .tokenize import run_tokenize

                run_tokenize(workload, protocol, state, make_parts().pipeline_id)
                return 0
            if workload.job == "query":
                from .query import run_query

                run_query(workload, protocol, state, make_parts())
                return 0
            from .pipeline import run

            run(workload, protocol, state, make_parts())
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
