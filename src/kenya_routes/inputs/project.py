"""The project: where its files are, its settings and its editions.

Created once, by the command line (or a test), and passed to every step. No
step finds the project or its settings by itself: what a step reads is what it
is given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import editions
from .editions import Edition
from .loading import MAX_BYTES
from .reference import Reference, load_reference
from .settings import CONFIG_FILE, Settings, read_settings


@dataclass(frozen=True)
class Project:
    root: Path
    settings: Settings
    # Route tables larger than this are refused (a wrong file, not a partner's submissions).
    max_table_bytes: int = MAX_BYTES

    @classmethod
    def open(cls, root: Path | None = None, environ: Mapping[str, str] | None = None) -> Project:
        """The project at `root` (default: the folder holding _config.yml, from the working folder up).

        `environ` is the environment of the command, for the overrides it may set
        (KENYA_ROUTES_TILES, KENYA_ROUTES_SITE_URL, KENYA_ROUTES_MAX_BYTES);
        raises DataProblemError if _config.yml's settings are wrong.
        """
        environ = environ or {}
        root = (root or find_root(Path.cwd())).resolve()
        max_bytes = int(environ.get("KENYA_ROUTES_MAX_BYTES") or MAX_BYTES)
        return cls(root, read_settings(root, environ), max_bytes)

    # --- folders -----------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def editions_dir(self) -> Path:
        return self.data_dir / "editions"

    @property
    def reference_dir(self) -> Path:
        return self.data_dir / "reference"

    @property
    def locales_dir(self) -> Path:
        """The translations: a gettext catalogue per language other than English (render/language.py)."""
        return self.root / "locales"

    @property
    def expectations_dir(self) -> Path:
        return self.root / "expectations"

    @property
    def build_dir(self) -> Path:
        """Everything generated goes here; nothing under data/ is ever written by a build."""
        return self.root / "_build"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    # --- editions and reference data -----------------------------------------------------
    def edition_ids(self) -> list[str]:
        """Edition folders in publication order (oldest first)."""
        return editions.edition_ids(self.editions_dir)

    def edition_folder(self, edition_id: str) -> Path:
        return self.editions_dir / edition_id

    def edition(self, edition_id: str) -> Edition:
        """The edition's edition.yml, read and checked (DataProblemError names every problem)."""
        return editions.read_edition(self.edition_folder(edition_id) / editions.EDITION_FILE, edition_id)

    def previous_edition(self, edition_id: str) -> str | None:
        """The edition published just before this one, if any."""
        ids = self.edition_ids()
        if edition_id not in ids:
            return None
        position = ids.index(edition_id)
        return ids[position - 1] if position > 0 else None

    @cached_property
    def _reference(self) -> Reference:
        return load_reference(self.reference_dir)

    def reference(self) -> Reference:
        """The reference tables (read once). Run the gate on them first: see validation.validate_reference."""
        return self._reference


def find_root(start: Path) -> Path:
    """The nearest folder, from `start` up, with _config.yml and data/: the project a command is run in."""
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file() and (candidate / "data").is_dir():
            return candidate
    return start
