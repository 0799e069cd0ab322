"""Resolve every name in a typed route table to its reference entry.

Countries become ISO 3166-1 alpha-3 codes, places and transit points their
gazetteer names, vocabulary terms their canonical spelling and organisations the
contributor's short name. A name that does not resolve is a problem naming the
closest known name.
"""

from __future__ import annotations

import pandas as pd

from . import contract
from .editions import Edition
from .loading import present
from .problems import Problem, ProblemReport
from .reference import Reference


def _column(values: list, index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=object)


def resolution_problems(frame: pd.DataFrame, reference: Reference, edition: Edition | None,
                        file: str) -> list[Problem]:
    """Every name in the table that the reference data does not know."""
    _, report = _resolve(frame, reference, edition, file)
    return report.problems


def normalise(frame: pd.DataFrame, reference: Reference, edition: Edition | None, file: str) -> tuple[pd.DataFrame, ProblemReport]:
    return _resolve(frame, reference, edition, file)


def _resolve(frame: pd.DataFrame, reference: Reference, edition: Edition | None,
             file: str) -> tuple[pd.DataFrame, ProblemReport]:
    report = ProblemReport()
    out = frame.copy()

    def problem(row: int, column: str, value: str, rule: str, message: str) -> None:
        report.add(Problem(file, rule, message, row=row, column=column, value=value))

    for country_column in contract.COUNTRY_COLUMNS:
        if country_column not in frame.columns:
            continue
        city_column = contract.CITY_OF_COUNTRY[country_column]
        codes, cities = [], []
        for row, country_text, city_text in zip(frame.index, frame[country_column], frame[city_column]):
            country_text = country_text if present(country_text) else None
            city_text = city_text if present(city_text) else None
            country = reference.country(country_text) if country_text else None
            if country_text and country is None:
                suggestion = reference.suggest_country(country_text)
                hint = f' Did you mean "{suggestion}"?' if suggestion else ""
                problem(row, country_column, country_text, "known-country",
                        f"This country is not in the reference list (data/reference/countries.csv).{hint}")
            codes.append(country.code if country else None)
            place = reference.place(city_text) if city_text else None
            if city_text and place is None:
                suggestion = reference.suggest_place(city_text)
                hint = (f' Did you mean "{suggestion}"?' if suggestion
                        else " Add it to data/reference/places.csv with its coordinates and their source.")
                problem(row, city_column, city_text, "known-place",
                        f"This place is not in the reference list of places.{hint}")
            elif place is not None and country is not None and place.country != country.code:
                problem(row, city_column, city_text, "place-in-country",
                        f"{place.name} is in {reference.country_name(place.country)}, "
                        f"not in {country.name} as column '{country_column}' says.")
            cities.append(place.name if place else None)
        out[country_column] = _column(codes, frame.index)
        out[city_column] = _column(cities, frame.index)

    if "transit" in frame.columns:
        transits = []
        for row, items in zip(frame.index, frame["transit"]):
            resolved = []
            for item in items:
                if item.casefold() == contract.UNKNOWN_TRANSIT:
                    resolved.append(contract.UNKNOWN_TRANSIT)
                    continue
                location = reference.location(item)
                if location is None:
                    suggestion = reference.suggest_location(item)
                    hint = f' Did you mean "{suggestion}"?' if suggestion else ""
                    if "," in item:
                        hint += " Separate transit points with ';', not ','."
                    problem(row, "transit", item, "known-place",
                            f"This transit point is neither a known place nor a known country.{hint}")
                else:
                    resolved.append(location.name)
            transits.append(resolved)
        out["transit"] = _column(transits, frame.index)

    for column_name, vocabulary in contract.VOCABULARY_COLUMNS.items():
        if column_name not in frame.columns:
            continue
        column = contract.BY_NAME[column_name]
        values = []
        for row, cell in zip(frame.index, frame[column_name]):
            items = cell if column.is_list else ([cell] if present(cell) else [])
            resolved = []
            for item in items:
                term = reference.term(vocabulary, item)
                if term is None:
                    suggestion = reference.suggest_term(vocabulary, item)
                    hint = f' Did you mean "{suggestion}"?' if suggestion else ""
                    known = ", ".join(reference.vocabulary_terms(vocabulary))
                    if len(known) > 160:
                        known = "see data/reference/vocabularies.csv"
                    problem(row, column_name, item, "known-term",
                            f"This is not a known {vocabulary.replace('_', ' ')} term ({known}).{hint}")
                elif term not in resolved:
                    resolved.append(term)
            values.append(resolved if column.is_list else (resolved[0] if resolved else None))
        out[column_name] = _column(values, frame.index)

    if edition is not None and "organisation" in frame.columns:
        names = []
        for row, name in zip(frame.index, frame["organisation"]):
            name = name if present(name) else None
            short = edition.canonical_organisation(name) if name else None
            if name and short is None:
                problem(row, "organisation", name, "known-organisation",
                        "This organisation is not among the edition's contributors (edition.yml contributors).")
            names.append(short)
        out["organisation"] = _column(names, frame.index)
    return out, report
