"""The LangChain pipelines of the embed-and-index benchmark (see pipelines/README.md)."""

import os

# Before any Hugging Face import: the model comes from a local directory, never from the hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PIPELINE_ID = "python-langchain"
