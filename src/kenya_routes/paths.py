"""Where things live. Inputs are read from data/; everything generated goes under _build/."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The repository root: KENYA_ROUTES_ROOT if set, else the folder holding _config.yml."""
    override = os.environ.get("KENYA_ROUTES_ROOT")
    if override:
        return Path(override).resolve()
    here = Path(__file__).resolve()
    for candidate in (Path.cwd(), *here.parents):
        if (candidate / "_config.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    return here.parents[2]


def data_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data"


def editions_dir(root: Path | None = None) -> Path:
    return data_dir(root) / "editions"


def reference_dir(root: Path | None = None) -> Path:
    return data_dir(root) / "reference"


def expectations_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "expectations"


def build_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "_build"
