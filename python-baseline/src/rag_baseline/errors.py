"""A failure the pipeline reports as one `error` event (stage + specific message)."""


class PipelineError(Exception):
    def __init__(self, stage: str | None, message: str):
        super().__init__(message)
        self.stage = stage
        self.message = message
