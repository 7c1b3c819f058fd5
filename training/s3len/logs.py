"""Logging set-up shared by the pipeline's command-line entry points."""

from __future__ import annotations

import logging


def configure() -> None:
    """Log this pipeline at INFO and third-party libraries at WARNING.

    onnxruntime's quantizers log every graph node at INFO, partly through the root
    logger, which would bury the pipeline's own lines.
    """
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for name in ("s3len", "__main__"):
        logging.getLogger(name).setLevel(logging.INFO)
