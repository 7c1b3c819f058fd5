"""Count tokens with the served model's tokenizer by calling the app's own counter.

Labels must be counted exactly as the app counts trace records, so training calls
``scripts/count-tokens.ts`` (GPT-2 BPE from js-tiktoken) instead of a second
Python implementation.
"""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
from pathlib import Path
from typing import Sequence

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_COUNTER = "node_modules/.bin/tsx scripts/count-tokens.ts"


LABEL_TOKENIZERS = ("gpt2", "llama")
"""Tokenizers the counter supports: GPT-2 BPE (GPT-J 6B) and LLaMA SentencePiece (LLaMA 1/2, vicuna-7b)."""


def count_tokens(texts: Sequence[str], command: str = DEFAULT_COUNTER, tokenizer: str = "gpt2") -> list[int]:
    """Return the token count of each text, in order, with the given tokenizer."""
    if tokenizer not in LABEL_TOKENIZERS:
        raise ValueError(f"invalid tokenizer {tokenizer!r}: expected one of {', '.join(LABEL_TOKENIZERS)}")
    payload = "".join(json.dumps({"text": text}) + "\n" for text in texts)
    argv = [*shlex.split(command), "--tokenizer", tokenizer]
    logger.info("counting tokens of %d texts with %s", len(texts), command)
    try:
        result = subprocess.run(
            argv, input=payload, capture_output=True, text=True, cwd=REPO_ROOT, check=False
        )
    except FileNotFoundError as error:
        raise RuntimeError(
            f"token counter {command!r} not found in {REPO_ROOT}: run `npm ci` in the repository root first"
        ) from error
    if result.returncode != 0:
        raise RuntimeError(f"token counter {command!r} failed with exit code {result.returncode}: {result.stderr.strip()}")
    counts = [int(line) for line in result.stdout.splitlines() if line.strip()]
    if len(counts) != len(texts):
        raise RuntimeError(f"token counter returned {len(counts)} counts for {len(texts)} texts")
    return counts
