"""Loaded (through PYTHONPATH, conftest.traced_env) by traced pipeline processes: records on the
protocol's monotonic clock when the process looks up a library version and (with
RAG_TEST_TRACE_TOKENISE=1) when the model tokenises a batch, one JSON line each, in the file
RAG_TEST_TRACE names. RAG_TEST_HIDE_MODULE makes that module impossible to import."""

import json
import os
import sys
import time
from importlib import metadata

if os.environ.get("RAG_TEST_HIDE_MODULE"):
    sys.modules[os.environ["RAG_TEST_HIDE_MODULE"]] = None  # import raises ImportError

TRACE = os.environ["RAG_TEST_TRACE"]


def record(what: str, detail) -> None:
    line = {"what": what, "detail": detail, "t_ms": time.monotonic_ns() / 1e6}
    with open(TRACE, "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")


def traced(what: str, function):
    def call(*args, **kwargs):
        record(what, args[0] if isinstance(args[0], str) else None)
        return function(*args, **kwargs)

    return call


metadata.version = traced("version", metadata.version)

if os.environ.get("RAG_TEST_TRACE_TOKENISE") == "1":
    from sentence_transformers import SentenceTransformer

    SentenceTransformer.preprocess = traced("tokenise", SentenceTransformer.preprocess)
