"""Interleaved A/B runs of the embed stage under CPU-inference settings ("levers").

Each process loads the model as the pipeline does (torch_engine, HuggingFaceEmbeddings), reads
and chunks the corpus subset the harness would pick (files in path order while the cumulative
size stays within the budget), then embeds the chunks in upsert groups, as add_documents calls
embed_documents, and reports the embed time and the tokens counted by the pipeline's own
counter. A round runs every lever once, in an order rotated per round, each in a fresh
process; the ratio to `base` is taken within each round.

    python scripts/embed_levers.py CORPUS_DIR [--budget 600000] [--rounds 3] [--levers a,b,...]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "all-MiniLM-L6-v2"
LIB = "/usr/lib/x86_64-linux-gnu"
# lever -> extra environment of its process (before start: allocators, OpenMP)
LEVER_ENV = {
    "jemalloc": {"LD_PRELOAD": f"{LIB}/libjemalloc.so.2"},
    "tcmalloc": {"LD_PRELOAD": f"{LIB}/libtcmalloc_minimal.so.4"},
    "omp-passive": {"OMP_WAIT_POLICY": "PASSIVE"},
}
LEVERS = ["base", "shipped", "interop1", "mallopt", "jemalloc", "tcmalloc", "onednn", "eager", "compile", "omp-passive"]


def apply_runtime_lever(lever: str, threads: int) -> None:
    """Before the model is loaded. `base` is the baseline as it was: set_num_threads only."""
    import torch

    torch.set_num_threads(threads)
    if lever in ("interop1", "shipped"):
        torch.set_num_interop_threads(1)
    if lever in ("mallopt", "shipped"):
        from rag_baseline.torch_engine import keep_freed_memory_for_reuse

        keep_freed_memory_for_reuse()


def apply_model_lever(lever: str, model) -> None:
    """On the loaded SentenceTransformer."""
    bert = model[0].model  # the transformers BertModel (`auto_model` is a read-only alias)
    if lever == "onednn":
        from torch.utils import mkldnn

        model[0].model = mkldnn.to_mkldnn(bert)  # nn.Linear -> oneDNN MkldnnLinear
    elif lever == "eager":
        bert.set_attn_implementation("eager")
    elif lever == "compile":
        model.compile(dynamic=True)  # sentence-transformers' own torch.compile of the forward pass


def chunks_of_subset(corpus_dir: Path, budget: int) -> list[str]:
    from rag_baseline.chunking import make_splitter, split_documents
    from rag_baseline.corpus import load_corpus

    # roughly the bench's default globs (the pipeline itself only reads a given list of files)
    text_files = sorted(
        p.relative_to(corpus_dir).as_posix()
        for p in corpus_dir.rglob("*")
        if p.suffix in (".txt", ".md", ".rst") and p.is_file() and not p.name.startswith(".")
    )
    files, total = [], 0
    for rel in text_files:
        size = (corpus_dir / rel).stat().st_size
        if files and total + size > budget:
            break
        files.append(rel)
        total += size
    corpus = load_corpus(corpus_dir, files)
    chunks = split_documents(make_splitter(1000, 200, ["\n\n", "\n", " ", ""]), corpus.documents)
    return [c.page_content for c in chunks]


def child(lever: str, corpus_dir: Path, budget: int, threads: int) -> dict:
    os.environ["RAYON_NUM_THREADS"] = str(threads)
    apply_runtime_lever(lever, threads)
    from rag_baseline.torch_engine import load_model

    model = load_model(MODEL_DIR, 32, threads)
    apply_model_lever(lever, model.embeddings._client)
    texts = chunks_of_subset(corpus_dir, budget)
    busy, first_group = 0.0, None
    cpu_started = cpu_seconds()
    for start in range(0, len(texts), 64):  # add_documents' upsert groups
        began = time.perf_counter()
        model.embeddings.embed_documents(texts[start : start + 64])
        took = time.perf_counter() - began
        busy += took
        first_group = took if first_group is None else first_group
    cpu = cpu_seconds() - cpu_started
    tokens = model.tokens_seen()
    return {"chunks": len(texts), "tokens": tokens, "embed_s": busy, "cpu_s": cpu, "first_group_s": first_group}


def cpu_seconds() -> float:
    """User + system CPU time of every thread of this process: less sensitive than wall time to
    other processes competing for the cores (waiting for a core costs no CPU time)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def spawn(lever: str, args) -> dict:
    env = {**os.environ, **LEVER_ENV.get(lever, {})}
    command = [sys.executable, __file__, str(args.corpus), "--child", lever]
    command += ["--budget", str(args.budget), "--threads", str(args.threads)]
    out = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
    return json.loads(out.stdout.splitlines()[-1])


def rate_columns(runs: list[dict], base: list[dict], seconds: str) -> str:
    """tokens per `seconds` (wall `embed_s` or `cpu_s`): median (range), and the ratio to base
    within each round: median (range)."""
    rates = [r["tokens"] / r[seconds] for r in runs]
    ratios = [rate / (b["tokens"] / b[seconds]) for rate, b in zip(rates, base, strict=True)]
    return (
        f"{statistics.median(rates):,.0f} ({min(rates):,.0f}-{max(rates):,.0f}) "
        f"| {statistics.median(ratios):.2f} ({min(ratios):.2f}-{max(ratios):.2f})"
    )


def report(results: dict[str, list[dict]], rounds: int) -> None:
    base = results["base"]
    print(f"load average after: {os.getloadavg()}; n = {rounds} rounds")
    print("| lever | tokens/s (wall) | ratio to base | tokens per CPU-second | ratio to base |")
    print("| --- | --- | --- | --- | --- |")
    for lever, runs in results.items():
        print(f"| {lever} | {rate_columns(runs, base, 'embed_s')} | {rate_columns(runs, base, 'cpu_s')} |")
    print(f"{base[0]['chunks']} chunks, {base[0]['tokens']} tokens per run")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--budget", type=int, default=600_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--levers", default=",".join(LEVERS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.budget, args.threads)))
        return
    levers = args.levers.split(",")
    if "base" not in levers:
        levers.insert(0, "base")
    print(f"load average before: {os.getloadavg()}", flush=True)
    results: dict[str, list[dict]] = {lever: [] for lever in levers}
    for i in range(args.rounds):
        order = levers[i % len(levers) :] + levers[: i % len(levers)]
        for lever in order:
            results[lever].append(spawn(lever, args))
            print(f"round {i + 1} {lever}: {json.dumps(results[lever][-1])}", file=sys.stderr, flush=True)
    report(results, args.rounds)


if __name__ == "__main__":
    main()
