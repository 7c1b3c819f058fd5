"""Prompt text shared by training and the app (``src/predictor/prompt.ts``)."""

from __future__ import annotations


def format_prompt(instruction: str, input_text: str) -> str:
    """Join an Alpaca instruction and its optional input the way the predictor reads them.

    The predictor reads the instruction, then a blank line and the input when
    the input is not empty, which is how the Alpaca template orders them.
    """
    instruction = instruction.strip()
    input_text = input_text.strip()
    if input_text:
        return f"{instruction}\n\n{input_text}"
    return instruction
