"""The data contract: one row per route submission (every column is described in data/README.md).

Every column the project knows is declared here once, with its kind, its
vocabulary and whether it may ever reach the public site. Loading, validation,
the submission template and the publication allowlist all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass

# Separates the items of a list column inside one cell: "Mombasa; Addis Ababa".
LIST_SEPARATOR = ";"

# A transit point the submitter knew existed but could not name.
UNKNOWN_TRANSIT = "unknown"

# Kinds of column and what a cell of that kind holds once loaded.
ID = "id"  # non-empty text, unique within the edition
TEXT = "text"  # short text, may be blank
PLACE = "place"  # a place name from data/reference/places.csv, may be blank
COUNTRY = "country"  # a country name from data/reference/countries.csv
LOCATIONS = "locations"  # ordered list of places or countries
TERMS = "terms"  # list of terms from one controlled vocabulary
TERM = "term"  # one term from a controlled vocabulary
COUNT = "count"  # whole number, may be blank
FREE_TEXT = "free_text"  # never published verbatim


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = True
    vocabulary: str | None = None
    # May this column's values appear on a page, a download or a map?
    publishable: bool = True
    # Blank allowed? (required columns must be present, but a cell may be blank)
    nullable: bool = True

    @property
    def is_list(self) -> bool:
        return self.kind in (LOCATIONS, TERMS)


COLUMNS: tuple[Column, ...] = (
    Column("submission_id", ID, "Unique identifier of the submission within the edition.", nullable=False),
    Column(
        "organisation",
        TEXT,
        "Contributing organisation. Never published per route; only counts of distinct organisations per corridor are.",
        publishable=False,
        nullable=False,
    ),
    Column(
        "source_type",
        TERM,
        "'case' (the organisation worked on the case) or 'known' (known or heard of through its work).",
        vocabulary="source_types",
        nullable=False,
    ),
    Column("origin_city", PLACE, "City or town the victim came from; blank when only the country is known."),
    Column("origin_country", COUNTRY, "Country the victim came from.", nullable=False),
    Column("transit", LOCATIONS, "Ordered transit points, each a place or a country; 'unknown' for an unnamed one."),
    Column("intended_destination_city", PLACE, "City where the victim expected to go, when known.", required=False),
    Column(
        "intended_destination_country", COUNTRY, "Country where the victim expected to go, when known.", required=False
    ),
    Column("destination_city", PLACE, "City or town of exploitation; blank when only the country is known."),
    Column("destination_country", COUNTRY, "Country of exploitation.", nullable=False),
    Column(
        "transport_modes",
        TERMS,
        "Modes of transport used on the journey.",
        required=False,
        vocabulary="transport_modes",
    ),
    Column("airlines", TERMS, "Airlines used on the journey.", required=False, vocabulary="airlines"),
    Column("industries", TERMS, "Industries or forms of exploitation.", vocabulary="industries"),
    Column(
        "recruitment_methods", TERMS, "How the victim was recruited.", required=False, vocabulary="recruitment_methods"
    ),
    Column("estimated_cases", COUNT, "Estimated number of cases on this route; blank when not estimated."),
    Column(
        "recruitment_details",
        FREE_TEXT,
        "Free-text details on recruitment. Never published.",
        required=False,
        publishable=False,
    ),
    Column("notes", FREE_TEXT, "Additional information. Never published.", required=False, publishable=False),
)

BY_NAME: dict[str, Column] = {column.name: column for column in COLUMNS}
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
OPTIONAL: tuple[str, ...] = tuple(c.name for c in COLUMNS if not c.required)
LIST_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.is_list)
FREE_TEXT_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == FREE_TEXT)
COUNTRY_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == COUNTRY)
PLACE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.kind == PLACE)

# The city column paired with each country column.
CITY_OF_COUNTRY: dict[str, str] = {
    "origin_country": "origin_city",
    "intended_destination_country": "intended_destination_city",
    "destination_country": "destination_city",
}


def columns_for(collected_optional: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The columns an edition's file must have, in contract order."""
    wanted = set(REQUIRED) | set(collected_optional)
    return tuple(c.name for c in COLUMNS if c.name in wanted)


def normalise_header(header: object) -> str:
    """Header as the contract spells it: 'Origin City ' -> 'origin_city'."""
    text = str(header).replace("\ufeff", "").strip().lower()
    return "_".join(text.replace("-", " ").split())
