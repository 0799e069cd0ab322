"""Marking English text that the catalogues translate (the project's locales/, see render/language.py).

`pybabel extract` finds the messages by the name of the call around them: `N_("…")` where a message
is defined but not yet translated (a name in a table, a label given to a figure), `language._("…")` and
`language.n_("…", "…", n)` where it is said in the reader's language. Notebooks mark theirs with `N_` in
their code cells (a chart's title), found by `extract_notebook`.
"""

from __future__ import annotations

import io
from pathlib import Path


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name, which the extractor looks for)
    """The message itself: marked for the catalogues, translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """A message with plural forms, marked for the catalogues: (singular, plural) in English."""
    return singular, plural


def extract_notebook(fileobj, keywords, comment_tags, options):
    """Babel's extraction method for notebooks (locales/babel.cfg): the messages of the code cells, found as in
    Python source (a chart's title said with N_ in a notebook)."""
    import json

    from babel.messages.extract import extract_python

    notebook = json.loads(fileobj.read().decode("utf-8"))
    code = "\n".join("".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code")
    yield from extract_python(io.BytesIO(code.encode("utf-8")), keywords, comment_tags, options)


def messages_in(notebook: Path) -> list[str]:
    """The messages a notebook marks, in order: what its page says through the catalogues."""
    from babel.messages.extract import DEFAULT_KEYWORDS

    with notebook.open("rb") as handle:
        found = extract_notebook(handle, DEFAULT_KEYWORDS, (), {})
        return [message if isinstance(message, str) else message[0] for _, _, message, _ in found]
