"""Where the real seed notices live: ZHENGWU_SEEDS_DIR (environment or setting), else ../shared/seeds beside
the repository (CI clones the repository with shared/ next to it)."""
from __future__ import annotations

import os
from pathlib import Path

from django.conf import settings


def seeds_dir() -> Path:
    configured = os.environ.get("ZHENGWU_SEEDS_DIR") or getattr(settings, "ZHENGWU_SEEDS_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "seeds"


def seed_files() -> list[Path]:
    """The seed notices (.txt and .docx), sorted by name; empty when the folder does not exist."""
    folder = seeds_dir()
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".txt", ".docx") and p.is_file())
