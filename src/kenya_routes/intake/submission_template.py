"""The submission template partner organisations fill in: an .xlsx workbook (or a CSV).

The workbook has the data contract's columns (those the edition's instrument
collects), with dropdown lists where a column takes names from the reference
data, and input help on every column:

    Routes         one row per route, the sheet `ingest` reads
    Instructions   what to write, in plain words (the sheet shown on opening)
    Known places   the places the coalition can map, with their other spellings
    Lists          the values behind the dropdowns (hidden)

Submission ids are not part of the template: `ingest` assigns them.
Dropdowns warn rather than refuse, because `ingest` also accepts other
spellings it can match (such as "KSA" for Saudi Arabia) and suggests the
closest name for the rest.
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..inputs import contract
from ..inputs.editions import Edition
from ..inputs.reference import Reference

ROUTES_SHEET = "Routes"
ROWS = 2000  # rows that carry dropdowns and input help; more can be added by copying a row
MAX_CASES = 100_000

# What a partner writes in each column, with an example; the contract's description says what it means.
HELP = {
    "organisation": ("Your organisation's name, as in the list.", "HAART Kenya"),
    "source_type": (
        "'case' if your organisation worked on the case, 'known' if you know or heard of it through your work.",
        "case",
    ),
    "origin_city": ("Town or city the person came from. Leave blank if you only know the country.", "Busia"),
    "origin_country": ("Country the person came from.", "Kenya"),
    "transit": (
        "Places the person passed through, in order, separated by semicolons. Write 'unknown' for a "
        "stop you know of but cannot name. Leave blank if there were none.",
        "Nairobi; Addis Ababa",
    ),
    "intended_destination_city": ("Town or city the person expected to go to, if different.", "Dubai"),
    "intended_destination_country": ("Country the person expected to go to, if different.", "United Arab Emirates"),
    "destination_city": ("Town or city where the person was exploited. Blank if you only know the country.", "Riyadh"),
    "destination_country": ("Country where the person was exploited.", "Saudi Arabia"),
    "transport_modes": ("How the person travelled, separated by semicolons.", "bus; plane"),
    "airlines": ("Airlines used, separated by semicolons.", "Kenya Airways; Emirates"),
    "industries": ("The work or exploitation, separated by semicolons.", "domestic work"),
    "recruitment_methods": ("How the person was recruited, separated by semicolons.", "informal agent"),
    "estimated_cases": (
        "Your estimate of how many people took this route: a whole number. Leave blank if you cannot estimate.",
        "12",
    ),
    "recruitment_details": (
        "Anything else about the recruitment. Never published. Do not write names, phone "
        "numbers, e-mail or street addresses.",
        "",
    ),
    "notes": ("Anything else. Never published. Do not write names, phone numbers, e-mail or street addresses.", ""),
}

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")


def columns(edition: Edition | None) -> list[str]:
    """The template's columns: the edition's (every contract column without one), less the submission id."""
    names = edition.columns if edition else tuple(c.name for c in contract.COLUMNS)
    return [name for name in names if name != "submission_id"]


def _lists(reference: Reference, edition: Edition | None) -> dict[str, list[str]]:
    organisations = sorted({c.short_name for c in edition.contributors}) if edition else []
    lists = {
        "countries": sorted(c.name for c in reference.countries.values()),
        "places": sorted(reference.places),
        "organisations": organisations,
    }
    for vocabulary in ("source_types", "industries", "transport_modes", "airlines", "recruitment_methods"):
        lists[vocabulary] = reference.vocabulary_terms(vocabulary)
    return lists


def _list_of(column: contract.Column) -> str | None:
    """Which list a column's dropdown offers."""
    if column.kind == contract.COUNTRY:
        return "countries"
    if column.kind == contract.PLACE:
        return "places"
    if column.name == "organisation":
        return "organisations"
    return column.vocabulary


def workbook(reference: Reference, edition: Edition | None = None) -> Workbook:
    book = Workbook()
    routes = book.active
    routes.title = ROUTES_SHEET
    instructions = book.create_sheet("Instructions")
    places = book.create_sheet("Known places")
    lists_sheet = book.create_sheet("Lists")
    lists_sheet.sheet_state = "hidden"

    lists = _lists(reference, edition)
    ranges = {}
    for position, (name, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        lists_sheet.cell(row=1, column=position, value=name)
        for row, value in enumerate(values, start=2):
            lists_sheet.cell(row=row, column=position, value=value)
        if values:
            ranges[name] = f"Lists!${letter}$2:${letter}${len(values) + 1}"

    names = columns(edition)
    for position, name in enumerate(names, start=1):
        column = contract.BY_NAME[name]
        letter = get_column_letter(position)
        cell = routes.cell(row=1, column=position, value=name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(vertical="center")
        what, _ = HELP[name]
        cell.comment = Comment(f"{column.description}\n\n{what}", "Stop the Traffik Kenya")
        routes.column_dimensions[letter].width = max(14, min(40, len(name) + 6))
        cells = f"{letter}2:{letter}{ROWS + 1}"
        title = name.replace("_", " ")[:32]
        if column.kind == contract.COUNT:
            check = DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2=str(MAX_CASES),
                errorStyle="stop",
                error="Write a whole number such as 12, or leave it blank.",
                errorTitle="Estimated cases",
            )
        elif (source := _list_of(column)) in ranges:
            single = not column.is_list
            check = DataValidation(
                type="list",
                formula1=f"={ranges[source]}",
                errorStyle="warning",
                errorTitle="Not in the list",
                error=(
                    "This is not in the list. Keep it only if the list has no better choice; the coalition "
                    "will check it."
                    if single
                    else "Pick one item, or type several separated by semicolons: the coalition checks each."
                ),
            )
        else:
            check = DataValidation(
                type="textLength",
                operator="lessThanOrEqual",
                formula1="2000",
                errorStyle="warning",
                error="Keep it short.",
                errorTitle=title,
            )
        check.prompt, check.promptTitle = what[:255], title
        check.showInputMessage, check.showErrorMessage, check.allow_blank = True, True, True
        check.add(cells)
        routes.add_data_validation(check)
    routes.freeze_panes = "A2"
    routes.auto_filter.ref = f"A1:{get_column_letter(len(names))}1"

    _instructions(instructions, names, edition)
    _known_places(places, reference)
    book.active = book.sheetnames.index("Instructions")
    routes.sheet_view.tabSelected = False
    return book


def _instructions(sheet, names: list[str], edition: Edition | None) -> None:
    about = f"edition {edition.id} ({edition.short_title})" if edition else "the coalition's routes data"
    lines = [
        ("Route submissions for Stop the Traffik Kenya", True),
        (f"This workbook collects the routes your organisation met in its work, for {about}.", False),
        (
            "Write one route per row on the sheet 'Routes'. A route is where a person came from, the places they "
            "passed through and where they were exploited.",
            False,
        ),
        ("Leave a cell blank when you do not know. Do not guess.", False),
        (
            "Where a cell takes several items (transit, transport, airlines, industries, recruitment), separate "
            "them with semicolons: Nairobi; Addis Ababa.",
            False,
        ),
        (
            "Choose names from the dropdown lists where you can. The sheet 'Known places' lists the places the "
            "coalition can map, and other spellings it understands.",
            False,
        ),
        (
            "Never write a person's name, phone number, e-mail or street address anywhere in this workbook. "
            "The coalition publishes only totals; free text is never published.",
            True,
        ),
        (
            "Send the filled workbook back to the coalition. Please do not rename the sheet 'Routes' or its "
            "column headings.",
            False,
        ),
        ("", False),
        ("Columns", True),
    ]
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=bold, size=14 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    header = len(lines) + 1
    for position, title in enumerate(("column", "what to write", "example", "must be filled"), start=1):
        cell = sheet.cell(row=header, column=position, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, name in enumerate(names, start=header + 1):
        what, example = HELP[name]
        column = contract.BY_NAME[name]
        values = (name, what, example, "yes" if not column.nullable else "no")
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (28, 80, 30, 14)):
        sheet.column_dimensions[letter].width = width


def _known_places(sheet, reference: Reference) -> None:
    for position, title in enumerate(("place", "country", "kind", "other spellings"), start=1):
        cell = sheet.cell(row=1, column=position, value=title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row, place in enumerate(sorted(reference.places.values(), key=lambda p: (p.country, p.name)), start=2):
        sheet.cell(row=row, column=1, value=place.name)
        sheet.cell(row=row, column=2, value=reference.country_name(place.country))
        sheet.cell(row=row, column=3, value=place.kind)
        sheet.cell(row=row, column=4, value="; ".join(place.aliases))
    for letter, width in zip("ABCD", (24, 24, 12, 40)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"


def write(out: Path, reference: Reference, edition: Edition | None = None) -> Path:
    """Write the template: .xlsx, or a CSV of the header row if `out` ends in .csv."""
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".csv":
        # A byte-order mark, so that Excel opens the file as UTF-8.
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle, lineterminator="\r\n").writerow(columns(edition))
        return out
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"The template is written as .xlsx or .csv, not '{out.suffix or 'no extension'}'.")
    workbook(reference, edition).save(out)
    return out
