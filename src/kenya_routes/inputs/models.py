"""Typed models of the hand-edited YAML inputs, and their errors in a maintainer's words.

edition.yml, published_figures.yml and the `kenya_routes:` section of
_config.yml are read into pydantic models. A model is the one check of its
file: a validator that finds a wrong value raises `rule_error(rule, message)`,
and `problems_from` turns every error into a Problem naming the file, the field
(as `column`), the value and the rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from .problems import DataProblemError, Problem, ProblemReport


class Model(BaseModel):
    """A YAML input: unknown fields are mistakes (a misspelt field would otherwise be ignored)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def rule_error(rule: str, message: str, field: str | None = None, value: Any = None) -> PydanticCustomError:
    """An error carrying its rule id; raise it from a validator. A validator of a whole model names the
    `field` (and its `value`) the error is about."""
    context: dict[str, Any] = {"rule": rule}
    if field is not None:
        context["field"] = field
    if value is not None or field is not None:
        context["value"] = "" if value is None else str(value)
    return PydanticCustomError(rule, message, context)


def field_path(location: tuple[Any, ...]) -> str:
    """('contributors', 2, 'name') -> 'contributors[3].name' (entries counted from 1, as people count)."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def problems_from(
    error: ValidationError,
    file: str,
    missing: dict[str, tuple[str, str]] | None = None,
    default_rule: str = "field-type",
    prefix: tuple[str, ...] = (),
) -> list[Problem]:
    """One problem per error. `missing` maps a field path to (rule, message) for a required field left out;
    `prefix` is where the model sits in its file (("kenya_routes",) for the settings in _config.yml)."""
    missing = missing or {}
    problems = []
    for item in error.errors(include_url=False):
        path = field_path((*prefix, *item["loc"]))
        kind = item["type"]
        value = item.get("input")
        shown = None if isinstance(value, (dict, list)) or value is None else str(value)
        if kind == "missing" or (path in missing and kind in ("string_too_short", "too_short")):
            rule, message = missing.get(path, ("field-present", "This field is required."))
            problems.append(Problem(file, rule, message, column=path))
        elif kind == "extra_forbidden":
            problems.append(
                Problem(
                    file,
                    "known-fields",
                    "This field is not one the file can have: check its spelling (see data/README.md).",
                    column=path,
                )
            )
        elif "rule" in (context := item.get("ctx") or {}):
            if "field" in context:
                path = field_path((*prefix, *item["loc"], context["field"]))
            if "value" in context:
                shown = context["value"]
            problems.append(Problem(file, context["rule"], item["msg"], column=path or None, value=shown))
        else:
            problems.append(Problem(file, default_rule, _plain(item), column=path or None, value=shown))
    return problems


def _plain(item: dict[str, Any]) -> str:
    """Pydantic's own messages, in words for a maintainer."""
    kind = item["type"]
    if kind in ("string_type", "str_type"):
        return "This field must be text."
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "This field must be a whole number."
    if kind in ("list_type",):
        return "This field must be a list (one '- item' per line)."
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return "This field must be a set of 'name: value' lines."
    return item["msg"][:1].upper() + item["msg"][1:] + "."


def read_yaml(path: Path, shown: str, rule: str) -> Any:
    """A YAML file's contents; a file that is not YAML is one problem under `rule`, naming the first error."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        problem = Problem(shown, rule, f"Not valid YAML: {str(error).splitlines()[0]}")
        raise DataProblemError(ProblemReport([problem])) from None
