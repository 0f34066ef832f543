"""The CPU settings of README.md, as the pipeline's start-up applies them (each in a fresh
process: thread pools and malloc tuning are per process)."""

import json
import subprocess
import sys

PROBE = """
import ctypes, json
from rag_baseline.torch_engine import load_runtime
load_runtime(2)
import torch
block = bytearray(64 << 20)  # a large block, as a layer's activations are
address = ctypes.addressof((ctypes.c_char * 1).from_buffer(block))
region = None
for line in open("/proc/self/maps"):
    start, end = (int(x, 16) for x in line.split()[0].split("-"))
    if start <= address < end:
        region = line.split()[5] if len(line.split()) > 5 else "anonymous mapping"
print(json.dumps({"intra": torch.get_num_threads(), "inter": torch.get_num_interop_threads(), "region": region}))
"""


def probe() -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=600)
    return json.loads(out.stdout.splitlines()[-1])


def test_start_up_sets_the_threads_tunes_malloc():
    settings = probe()
    assert (settings["intra"], settings["inter"]) == (2, 1)
    # glibc would mmap a 64 MiB block (and unmap it when freed); tuned, it comes from the heap
    assert settings["region"] == "[heap]", f"a large block lies in {settings['region']}, not the heap"
