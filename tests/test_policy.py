"""Policy checks over the repository itself: what must never be committed."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

# Hosts that serve scripts, styles or fonts to every reader's browser.
CDN = re.compile(
    r"(?i)\b(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|code\.jquery\.com|"
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|ajax\.googleapis\.com|maxcdn\.bootstrapcdn\.com|"
    r"netdna\.bootstrapcdn\.com|stackpath\.bootstrapcdn\.com|cdn\.plot\.ly|use\.fontawesome\.com)\b"
)
SOURCES = [
    *ROOT.glob("src/**/*.py"),
    *ROOT.glob("notebooks/*.ipynb"),
    *ROOT.glob("book/**/*"),
    ROOT / "_config.yml",
    ROOT / "_toc.yml",
]


@pytest.mark.parametrize("path", [p for p in SOURCES if p.is_file()], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_cdn_address_in_what_builds_the_site(path):
    found = CDN.findall(path.read_text(encoding="utf-8", errors="ignore"))
    assert not found, f"{path.relative_to(ROOT)} names {found}: serve it from the site (npm or PyPI) instead"


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.name)
def test_source_notebooks_are_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: cell {cell.get('id')}"


def test_no_front_end_library_is_committed():
    """Leaflet, Vega and the like come from npm at build time, never from the repository."""
    bundled = [p.relative_to(ROOT) for p in ROOT.glob("book/**/*") if re.search(r"(?i)leaflet|vega|jquery", p.name)]
    assert not bundled


# --- the code itself ----------------------------------------------------------------------
def _run(*command):
    import subprocess
    import sys
    from pathlib import Path

    tool = Path(sys.executable).with_name(command[0])
    return subprocess.run([str(tool), *command[1:]], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    lint = _run("ruff", "check", "src", "tests", "benchmarks")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    formatted = _run("ruff", "format", "--check", "src", "tests", "benchmarks")
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr


def test_vulture_finds_no_dead_code(tmp_path):
    """Dead code: the package read with the notebooks' code (which calls into it) and the whitelist."""
    cells = []
    for path in sorted(ROOT.glob("notebooks/*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells += ["".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    notebooks = tmp_path / "notebooks.py"
    notebooks.write_text("\n\n".join(cells), encoding="utf-8")
    found = _run("vulture", "src/kenya_routes", "tests/vulture_whitelist.py", str(notebooks))
    assert found.returncode == 0, found.stdout + found.stderr


# Markup written in Python: an HTML element's start or end tag in a string literal ("<edition>" in a help
# text is a placeholder, not an element).
ELEMENTS = [
    "a",
    "abbr",
    "address",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "bdi",
    "bdo",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "i",
    "iframe",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "mark",
    "menu",
    "meta",
    "meter",
    "nav",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "span",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
]
TAG = re.compile(r"<!DOCTYPE|</?(?:" + "|".join(ELEMENTS) + r")(?:\s[^<>]*)?/?>", re.I)
# Reading the theme's or folium's markup is not writing it: a string that is a regular expression's pattern.
PATTERN_CALLS = {"compile", "sub", "subn", "search", "match", "fullmatch", "findall", "finditer", "split"}


def _string_literals(tree):
    import ast

    patterns = set()
    docstrings = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in PATTERN_CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
        ):
            patterns |= {id(n) for n in ast.walk(node.args[0])}
        if (
            isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        ):
            docstrings.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in patterns | docstrings:
            yield node


@pytest.mark.parametrize("path", sorted(ROOT.glob("src/**/*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_html_is_written_in_python(path):
    """HTML comes from the templates of render/templates/ (autoescaped), never from Python strings."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [f"line {node.lineno}: {node.value[:60]!r}" for node in _string_literals(tree) if TAG.search(node.value)]
    assert not found, f"{path.relative_to(ROOT)} writes markup in Python: {found}"


def test_the_scan_for_markup_in_python_finds_it():
    import ast

    tree = ast.parse('x = f"<p>{value}</p>"\ny = re.compile(r"<p class=x>")\nz = "a < b and c > d"\n')
    assert {node.lineno for node in _string_literals(tree) if TAG.search(node.value)} == {1}


def test_no_project_root_or_setting_travels_through_the_environment():
    """Settings are read once, by the command line, and passed on; no step sets the environment for another."""
    for path in ROOT.glob("src/**/*.py"):
        text = path.read_text(encoding="utf-8")
        assert "os.environ[" not in text, path
        assert "KENYA_ROUTES_ROOT" not in text, path
    readers = {
        p.relative_to(ROOT).as_posix()
        for p in ROOT.glob("src/**/*.py")
        if "os.environ" in p.read_text(encoding="utf-8")
    }
    # The command line reads its environment once; Great Expectations is told not to call home.
    assert readers == {"src/kenya_routes/cli.py", "src/kenya_routes/validation/gate.py"}
