"""The GitHub Actions workflows: linted against GitHub's workflow schema, and held to the rules they promise.

The linter is check-jsonschema (pinned in requirements-dev.txt) with its built-in
`vendor.github-workflows` schema, which ships inside the package: linting needs
no network. The rules checked here in Python are the ones a schema cannot see:
every action pinned to a commit, nothing published unless the build succeeded,
no Data Docs in an artifact, Pages permissions only where they are used.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])

# `owner/repo[/path]@<40 hex>  # vX.Y.Z`
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
PINNED_LINE = re.compile(r"^\s*(-\s+)?uses:\s*(?P<ref>\S+)\s+#\s*v\d+\.\d+\.\d+\s*$")


def lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 (pyyaml) reads the key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on or {}


def uses_of(workflow: dict) -> list[str]:
    found = []
    for job in (workflow.get("jobs") or {}).values():
        if "uses" in job:  # a reusable workflow
            found.append(job["uses"])
        for step in job.get("steps") or []:
            if "uses" in step:
                found.append(step["uses"])
    return found


def unpinned(path: Path) -> list[str]:
    """Every `uses:` that is not a full commit SHA with a `# vX.Y.Z` comment beside it."""
    problems = [ref for ref in uses_of(load(path)) if not ref.startswith("./") and not PINNED.match(ref)]
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    problems += [line.strip() for line in lines if "uses: ./" not in line and not PINNED_LINE.match(line)]
    return problems


def step(job: dict, action: str) -> dict:
    matches = [s for s in job["steps"] if s.get("uses", "").startswith(f"{action}@")]
    assert len(matches) == 1, f"expected one {action} step, found {len(matches)}"
    return matches[0]


def named_step(job: dict, name: str) -> tuple[int, dict]:
    matches = [(i, s) for i, s in enumerate(job["steps"]) if s.get("name") == name]
    assert len(matches) == 1, f"expected one step named {name!r}"
    return matches[0]


@pytest.fixture(scope="module")
def deploy() -> dict:
    return load(WORKFLOWS / "deploy.yml")


def test_the_workflows_are_there():
    assert {p.name for p in WORKFLOW_FILES} >= {"tests.yml", "deploy.yml"}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_workflow_passes_the_linter(path):
    result = lint(path)
    assert result.returncode == 0, result.stdout + result.stderr


BROKEN = {
    "job without runs-on or steps": "on: push\njobs:\n  build:\n    name: broken\n",
    "misspelt step key": (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: make site\n        envv:\n          A: b\n"
    ),
    "timeout that is not a number": (
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n"
        "    timeout-minutes: forty\n    steps:\n      - run: make site\n"
    ),
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_the_linter_rejects_a_broken_workflow(tmp_path, text):
    broken = tmp_path / "broken.yml"
    broken.write_text(text, encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "broken.yml" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(path):
    assert uses_of(load(path)), f"{path.name} uses no action"
    assert unpinned(path) == []


def test_the_pin_check_catches_a_tag_a_branch_and_a_missing_version(tmp_path):
    workflow = tmp_path / "loose.yml"
    workflow.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-node@main\n"
        "      - uses: actions/setup-python@a26af69be951a213d495a4c3e4e4022e16d87065\n"
        "      - uses: actions/cache@1bd1e32  # v4.2.0\n"
        "      - uses: actions/upload-artifact@5d5d22a31266ced268874388b861e4b58bb5c2f3  # v4.3.1\n",
        encoding="utf-8",
    )
    problems = unpinned(workflow)
    assert any("checkout@v4" in p for p in problems)
    assert any("setup-node@main" in p for p in problems)
    assert any("setup-python@a26af69" in p for p in problems)  # no version comment
    assert any("cache@1bd1e32" in p for p in problems)  # short SHA
    assert not any("upload-artifact" in p for p in problems)


def test_deploy_runs_on_push_to_main_and_by_hand(deploy):
    on = triggers(deploy)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}


def test_deploy_never_cancels_a_deployment(deploy):
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_only_the_deploy_job_may_write_to_pages(deploy):
    assert deploy["permissions"] == {"contents": "read"}
    jobs = deploy["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name == "deploy":
            continue
        permissions = job.get("permissions", deploy["permissions"])
        assert "id-token" not in permissions, name
        # configure-pages reads the site's address, which needs `pages: read`; nothing more.
        assert permissions.get("pages", "none") in ("none", "read"), name
        assert set(permissions.values()) <= {"read", "none"}, name


def test_deploy_publishes_only_what_a_successful_build_uploaded(deploy):
    jobs = deploy["jobs"]
    needs = jobs["deploy"]["needs"]
    assert (needs if isinstance(needs, list) else [needs]) == ["build"]
    assert "if" not in jobs["deploy"]  # an `if: always()` here would publish after a failed build
    assert jobs["deploy"]["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert step(jobs["deploy"], "actions/deploy-pages")["id"] == "deployment"

    build = jobs["build"]
    assert build["runs-on"] == "ubuntu-24.04"
    pages = step(build, "actions/upload-pages-artifact")
    assert pages["with"]["path"] == "_build/site"
    assert "if" not in pages  # runs only when every step before it succeeded
    assert build["steps"].index(pages) > named_step(build, "Build the site")[0]


def test_deploy_validates_then_builds_with_the_pages_address(deploy):
    build = deploy["jobs"]["build"]
    assert step(build, "actions/setup-python")["with"]["python-version"] == "3.11"
    assert str(step(build, "actions/setup-node")["with"]["node-version"]) == "22"  # an LTS still supported
    assert step(build, "actions/configure-pages")["id"] == "pages"
    runs = [s.get("run", "") for s in build["steps"]]
    assert "apt-get" not in "".join(runs)  # chromium is for the tests, not the build

    position, validate = named_step(build, "Validate the data")
    script = validate["run"]
    assert "| tee _build/validation-report.txt" in script
    assert "--quality _build/validation" in script
    assert "--data-docs" not in script
    # Without pipefail the pipe's status is tee's, and a failed validation would pass.
    assert script.index("set -o pipefail") < script.index("|")
    assert script.index("mkdir -p _build") < script.index("|")

    site_position, site = named_step(build, "Build the site")
    assert site["run"].strip() == "make site"
    assert site["env"] == {"KENYA_ROUTES_SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert position < site_position


def test_the_validation_report_is_kept_but_never_the_data_docs(deploy):
    build = deploy["jobs"]["build"]
    upload = step(build, "actions/upload-artifact")
    assert upload["if"] == "always()"
    settings = upload["with"]
    assert settings["name"] == "validation-report"
    assert settings["retention-days"] == 30
    assert settings["if-no-files-found"] == "ignore"
    patterns = [line.strip() for line in settings["path"].splitlines() if line.strip()]
    included = [p for p in patterns if not p.startswith("!")]
    excluded = [p[1:] for p in patterns if p.startswith("!")]
    assert set(included) == {"_build/validation-report.txt", "_build/validation/**/*.json", "_build/validation/**/*.md"}
    assert not any("data-docs" in p for p in included)
    # `_build/validation/**/*.json` would also reach into data-docs: it must be excluded.
    assert "_build/validation/data-docs/**" in excluded


def test_tests_workflow_runs_ci_on_pull_requests():
    tests = load(WORKFLOWS / "tests.yml")
    assert "pull_request" in triggers(tests)
    assert tests["permissions"] == {"contents": "read"}
    runs = [s.get("run", "") for job in tests["jobs"].values() for s in job["steps"]]
    assert any(".ci/run" in r for r in runs)
