"""Writing a generated labelled set: the one format every generator under ``bench/data`` writes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path


def write_generated(output: Path, generate: Callable[[int], list[dict]], default_size: int) -> None:
    """Write ``generate(size)`` as JSON Lines to ``output``; the size comes from the command line or the default."""
    size = int(sys.argv[1]) if len(sys.argv) > 1 else default_size
    with output.open("w", encoding="utf-8") as out:
        for record in generate(size):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {size} records to {output}")
