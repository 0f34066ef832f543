"""What importing PyPI's CUDA build of torch costs on a CPU-only machine (time and RSS).

No CPU-only wheel of the same version is reachable here, so the CUDA part is measured by
loading it on its own: each round runs two fresh processes, in alternating order,
  whole: `import torch`;
  split: dlopen torch's CPU libraries (libc10, libgomp, libtorch_cpu), then everything CUDA that
         `import torch` maps (the nvidia-* libraries, libc10_cuda, libtorch_cuda,
         libtorch_nvshmem; found in /proc/self/maps of a reference import) and the Python
         `cuda.*` modules it imports, then `import torch` (which finds them loaded).
The split's CUDA phase (time, VmRSS growth) is what a CPU-only torch would not pay.

    python scripts/torch_import_cost.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

CUDA_MARKERS = ("/nvidia/", "cuda", "nvshmem")
CPU_LIBRARIES = ["libc10.so", "libgomp.so.1", "libtorch_cpu.so"]


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def is_cuda(path: str) -> bool:
    return any(marker in path for marker in CUDA_MARKERS)


def reference() -> dict:
    """In a throw-away process: the CUDA libraries and modules `import torch` loads, in load order."""
    import torch  # noqa: F401

    libraries: list[str] = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        fields = line.split()
        path = fields[5] if len(fields) > 5 else ""
        if ".so" in path and is_cuda(path) and "cpython" not in path and path not in libraries:
            libraries.append(path)
    modules = [name for name in sys.modules if name == "cuda" or name.startswith("cuda.")]
    return {"libraries": libraries, "modules": modules, "torch_lib": str(Path(torch.__file__).parent / "lib")}


def phase(results: dict, name: str, action) -> None:
    started, rss = time.perf_counter(), rss_kib()
    action()
    results[name] = {"s": time.perf_counter() - started, "rss_mib": (rss_kib() - rss) / 1024}


def load_all(paths: list[str]) -> None:
    """dlopen with RTLD_GLOBAL; a library whose dependency is not loaded yet is retried after."""
    pending = list(paths)
    while pending:
        failed = []
        for path in pending:
            try:
                ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
            except OSError:
                failed.append(path)
        if len(failed) == len(pending):
            raise OSError(f"cannot load {failed}")
        pending = failed


def whole() -> dict:
    results: dict = {}
    phase(results, "import torch", lambda: __import__("torch"))
    return results


def split(ref: dict) -> dict:
    import importlib

    results: dict = {}
    phase(results, "cpu libraries", lambda: load_all([f"{ref['torch_lib']}/{n}" for n in CPU_LIBRARIES]))
    phase(results, "cuda", lambda: (load_all(ref["libraries"]), [importlib.import_module(m) for m in ref["modules"]]))
    phase(results, "rest of import torch", lambda: __import__("torch"))
    return results


def child(kind: str, ref_file: str | None) -> dict:
    if kind == "reference":
        return reference()
    if kind == "whole":
        return whole()
    return split(json.loads(Path(ref_file).read_text()))


def spawn(kind: str, ref_file: str | None = None) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, *([ref_file] if ref_file else [])],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def summary(values: list[float]) -> str:
    return f"median {statistics.median(values):.3f} (range {min(values):.3f}-{max(values):.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], args.child[1] if len(args.child) > 1 else None)))
        return
    ref_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"torch-import-ref-{os.getpid()}.json"
    ref = spawn("reference")
    ref_file.write_text(json.dumps(ref))
    print(f"{len(ref['libraries'])} CUDA libraries, {len(ref['modules'])} cuda.* modules", file=sys.stderr)
    rounds: dict[str, list[dict]] = {"whole": [], "split": []}
    for i in range(args.rounds):  # alternate which goes first: page cache and load drift hit both
        for kind in ("whole", "split") if i % 2 == 0 else ("split", "whole"):
            rounds[kind].append(spawn(kind, str(ref_file) if kind == "split" else None))
    ref_file.unlink()
    print(f"load average: {os.getloadavg()}; {args.rounds} rounds, each a fresh process per kind")
    for kind, runs in rounds.items():
        for name in runs[0]:
            seconds = [r[name]["s"] for r in runs]
            mib = [r[name]["rss_mib"] for r in runs]
            print(f"{kind:5} {name:22} time s {summary(seconds)}; RSS growth MiB {summary(mib)}")


if __name__ == "__main__":
    main()
