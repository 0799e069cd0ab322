"""Names vulture cannot see used: read by libraries, by tests and benchmarks, or by templates.

Each line uses a name so that `vulture` (run by tests/test_policy.py) counts it as used.
Notebooks' calls into the package are read from the notebooks themselves.
"""

# ruff: noqa
from kenya_routes.inputs import contract, editions, models, printed, reference, report, settings
from kenya_routes.intake import submission_template, synthetic
from kenya_routes.prepare import disclosure, figures, reconcile
from kenya_routes.publish import serve
from kenya_routes.render import downloads, language, maps
from kenya_routes.validation import gate

# pydantic calls validators and reads model_config.
editions.Period._year_or_month, editions.Instrument._optional_columns
editions.EditionFile._known_status, editions.EditionFile._spdx, editions.Licence._web_address
settings.TilesSection._known_provider, settings.DisclosureSection._whole_number, printed.Printed._complete
settings.RegionsSection._whole_number
report.Section._translated
# A section's findings reach its page through the prepared data (model_dump), read by the template.
report.Section.findings
models.Model.model_config
# A place's and a term's names in another language, read by the language's code (render/language.py).
reference.Place.name_sw, reference.Term.term_sw, reference.Country.name_sw
# Messages marked for the catalogues (pybabel extract), translated where the data gives them.
language.SHARE_WORDS, downloads.PROVENANCE_KINDS

# Part of the data contract and of the reference data's records, read by tests.
contract.PLACE_COLUMNS, reference.SOMALILAND, reference.Country.coordinate_source, reference.Place.coordinate_source
gate.SUITES, gate.Gate.import_seconds  # tests and benchmarks/validation.py
reconcile.CONSISTENT  # tests: the comparisons that agree with a printed statement
serve.SiteHandler.log_message  # http.server calls it for every request
disclosure.Disclosure.rolled_up  # tests and the suppression log's readers
figures.Figure.source_ref  # published in figures.json (dataclasses.asdict)

# Attributes that openpyxl, zipfile, branca and folium read.
_ = (submission_template, maps)
(
    _.progress_bars,
    _.sheet_state,
    _.font,
    _.alignment,
    _.comment,
    _.prompt,
    _.promptTitle,
    _.allow_blank,
    _.showErrorMessage,
)
_.showInputMessage, _.freeze_panes, _.ref, _.tabSelected, _.compress_type, _.external_attr
_._name, _._generate_id, _.default_js, _.default_css

# A partner's large file, made by benchmarks/ingest.py and tests/test_ingest_large.py.
synthetic.partner_file
