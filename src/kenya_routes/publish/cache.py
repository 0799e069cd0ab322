"""The build cache: a step whose inputs have not changed is not run again.

Each cached result is stored under _build/cache/ by the SHA-256 of everything
that can change it:

    validation   the package's code, the suites, the reference data and the
                 edition's folder: a hit skips Great Expectations entirely and
                 replays the warnings and the public quality summary
    sheets       the package's code, the edition's prepared data, the settings, the
                 reference data and the basemap: a hit copies the fact sheet (PDF)
    pages        the package's code, the page's notebook or Markdown source, its
                 parameters, the edition's prepared data and the settings: a hit
                 copies the executed page and its files instead of running it
    downloads    the same inputs as an edition's pages: a hit copies the edition's
                 route table (CSV, XLSX), figures and suppression log
    books        every file of an edition's staged book: a hit reuses the HTML
                 Jupyter Book built from exactly those files

Only successful results are stored, each written beside its final place and
renamed into it, with a manifest (MANIFEST) of the SHA-256 of every file in it.
An entry is reused only if its files are exactly those of its manifest: an entry
truncated by a full disk, corrupted, or edited by hand is removed and its step
run again (the build says so), so a damaged entry is never published. After a
successful build, entries it did not use are removed, so the cache holds one
build's worth. `--no-cache` (or KENYA_ROUTES_CACHE=off) builds everything afresh.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from importlib import metadata
from pathlib import Path

# Packages whose version changes what a page looks like.
RENDERING_PACKAGES = (
    "folium",
    "branca",
    "altair",
    "vl-convert-python",
    "pandas",
    "jupyter-book",
    "sphinx",
    "furo",
    "xlsxwriter",
    "myst-nb",
    "myst-parser",
    "papermill",
    "great-expectations",
    "jinja2",
    "typst",
    "segno",
)
KINDS = ("validation", "sheets", "pages", "downloads", "books")
# Each entry's list of its files and their SHA-256, written when it is stored.
MANIFEST = ".manifest.json"


class Digest:
    """A SHA-256 over named values, files and folders (names and bytes, in sorted order)."""

    def __init__(self, *parts):
        self._hash = hashlib.sha256()
        for part in parts:
            self.add(part)

    def add(self, part) -> Digest:
        if isinstance(part, Path):
            self._path(part, part)
        elif isinstance(part, (dict, list, tuple)):
            self._value(json.dumps(part, sort_keys=True, default=str))
        else:
            self._value(str(part))
        return self

    def _value(self, text: str) -> None:
        data = text.encode("utf-8")
        self._hash.update(len(data).to_bytes(8, "big") + data)

    def _path(self, path: Path, base: Path) -> None:
        if path.is_dir():
            self._value(f"dir:{path.relative_to(base).as_posix() if path != base else path.name}")
            for child in sorted(path.iterdir()):
                if child.name in ("__pycache__", ".ipynb_checkpoints", "_build") or child.suffix == ".pyc":
                    continue
                self._path(child, base)
        elif path.is_file():
            self._value(f"file:{path.relative_to(base).as_posix() if path != base else path.name}")
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    self._hash.update(block)
        else:
            self._value(f"missing:{path.name}")

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def code_digest() -> str:
    """The package's own code and the versions of what renders the site."""
    package = Path(__file__).resolve().parents[1]
    versions = {}
    for name in RENDERING_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return Digest(package, versions, sys.version_info[:3]).hexdigest()


class Cache:
    """The cache in `folder`; with `on` false, nothing is reused and nothing stored."""

    def __init__(self, folder: Path, on: bool = True):
        self.folder = folder
        self.on = on
        self.used: dict[str, set[str]] = {kind: set() for kind in KINDS}
        self.hits: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.misses: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.damaged: list[str] = []  # "pages/<key>: <what was wrong>", each removed and rebuilt

    def entry(self, kind: str, key: str) -> Path:
        return self.folder / kind / key

    def lookup(self, kind: str, key: str) -> Path | None:
        """The stored entry for `key`, or None (counted as a hit or a miss)."""
        path = self.entry(kind, key)
        self.used[kind].add(key)
        if self.on and path.is_dir():
            fault = damage(path, kind, key)
            if fault is None:
                self.hits[kind] += 1
                return path
            self.damaged.append(f"{kind}/{key[:12]}: {fault}")
            shutil.rmtree(path, ignore_errors=True)
        self.misses[kind] += 1
        return None

    def store(self, kind: str, key: str, fill) -> Path | None:
        """Store an entry: `fill(folder)` writes it into a fresh folder, which is then renamed into place."""
        if not self.on:
            return None
        final = self.entry(kind, key)
        staging = final.with_name(f".{key}.{os.getpid()}")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        fill(staging)
        manifest = {"kind": kind, "key": key, "files": _hashes(staging)}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=0, sort_keys=True), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        staging.rename(final)
        return final

    def prune(self) -> None:
        """Remove the entries this build did not use."""
        for kind in KINDS:
            folder = self.folder / kind
            if not folder.is_dir():
                continue
            for path in folder.iterdir():
                if path.name not in self.used[kind]:
                    shutil.rmtree(path, ignore_errors=True)

    def summary(self) -> str:
        return ", ".join(
            f"{kind} {self.hits[kind]} reused / {self.hits[kind] + self.misses[kind]}"
            for kind in KINDS
            if self.hits[kind] + self.misses[kind]
        )


def _hashes(folder: Path) -> dict[str, str]:
    """Every file under `folder` (the manifest aside), by path relative to it, with its SHA-256."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST:
            out[path.relative_to(folder).as_posix()] = Digest().add(path).hexdigest()
    return out


def damage(entry: Path, kind: str, key: str) -> str | None:
    """What is wrong with a stored entry, in words, or None if its files are exactly those it was stored with."""
    try:
        manifest = json.loads((entry / MANIFEST).read_text(encoding="utf-8"))
        recorded = manifest["files"]
        if manifest.get("kind") != kind or manifest.get("key") != key or not isinstance(recorded, dict):
            return "its manifest is for another entry"
    except (OSError, ValueError, KeyError, TypeError):
        return "it has no readable manifest (stored by an older version, or damaged)"
    found = _hashes(entry)
    for name in sorted(set(recorded) | set(found)):
        if name not in found:
            return f"{name} is missing"
        if name not in recorded:
            return f"{name} was added after it was stored"
        if found[name] != recorded[name]:
            return f"{name} has changed since it was stored"
    return None


def copy_into(source: Path, target: Path) -> None:
    """Copy a folder's contents into another (merging)."""
    shutil.copytree(source, target, dirs_exist_ok=True)
