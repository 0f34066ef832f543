"""The LangChain baseline of the embed-and-index benchmark (see pipelines/README.md)."""

PIPELINE_ID = "python-langchain"
