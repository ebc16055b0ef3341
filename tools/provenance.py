"""What every training and pinning script records about the files it read: their SHA-256, so
that a shipped weight or floor says exactly which data made it."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def sha256(paths: Iterable[str | Path]) -> str:
    """SHA-256 of the files' bytes, in order (one file: the file's own hash)."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()
