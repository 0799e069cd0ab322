"""The one allowlist of what may be published, enforced where prepared data is written.

Pages, map popups and tooltips, charts, downloads and figures are all built
from prepared data, and prepared data holds only these columns: the contract's
publishable columns and columns derived from them. The contributing
organisation and the free-text columns never leave the prepare step.
"""

from __future__ import annotations

import pandas as pd

from ..inputs import contract

DERIVED = (
    "origin_region",
    "destination_region",
    "corridor",
    "corridor_label",
    "page_region",
    "domestic",
    "pair",
    "route_label",
    "transit_countries",
)
ALLOWLIST: tuple[str, ...] = tuple(c.name for c in contract.COLUMNS if c.publishable) + DERIVED


class NotPublishable(ValueError):
    pass


def publishable(frame: pd.DataFrame) -> pd.DataFrame:
    """The allowlisted columns of a route frame, in allowlist order."""
    return frame[[c for c in ALLOWLIST if c in frame.columns]].copy()


def check(frame: pd.DataFrame, what: str) -> None:
    """Refuse to publish a table with a column outside the allowlist."""
    extra = [c for c in frame.columns if c not in ALLOWLIST]
    if extra:
        raise NotPublishable(f"{what} has columns that may not be published: {', '.join(map(str, extra))}")
