"""The app's own routes, filled with real ids from the database: walked by the security tests."""

import importlib
import re
from pathlib import Path
from urllib.parse import quote

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from participation import DOMAINS, PACKAGE_DIR
from participation.extensions import db
from participation.territory.models import Municipality

# Filter names read by hand in a view, beside those found in the source below.
COMMON_FILTERS = {"page", "q", "municipality", "grouping", "region", "kind", "status", "category", "sort",
                  "year", "from", "to", "since", "until", "date", "id"}
# A value for a path argument that is not an id of a table.
TEXT_ARGUMENTS = {"language": "cs", "subject_type": "proposal", "kind": "moderator", "token": "abc", "code": None,
                  "slug": "podnety", "fmt": "csv"}
ARGUMENT_TABLES = {"practice_id": "good_practice", "thread_id": "thread", "update_id": "project_update",
                   "answer_id": "consultation_answer", "question_id": "consultation_question",
                   "block_id": "posting_block", "item_id": "proposal", "subject_id": "proposal"}
SKIPPED_ENDPOINTS = {"static"}
ARGUMENT = re.compile(r"<(?:(?P<converter>[a-z]+)(?:\((?P<options>[^)]*)\))?:)?(?P<name>[a-z_]+)>")


def filter_names() -> set[str]:
    """Every query argument name the views read (`args.get("x")`, `read_id(args, "x")`), plus the common ones."""
    pattern = re.compile(r"""(?:args\.get(?:list)?\(|read_id\([\w.]+,\s*)["']([a-z_-]+)["']""")
    names = set(COMMON_FILTERS)
    for path in Path(PACKAGE_DIR).rglob("*.py"):
        names.update(pattern.findall(path.read_text(encoding="utf-8")))
    return names - {"next", "return_to"}  # redirects, checked by accounts' tests


def form_field_names() -> set[str]:
    """The field names of every WTForms form in every domain's forms module."""
    names = set()
    for domain in DOMAINS:
        try:
            module = importlib.import_module(f"participation.{domain}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, FlaskForm):
                names.update(name for name, field in vars(value).items() if isinstance(field, UnboundField))
    return names


def real_values() -> dict[str, str]:
    """An existing row for each kind of id argument, so that a bad value in one argument is the only one."""
    values = {}
    for table_name, table in db.metadata.tables.items():
        if "id" in table.c:
            first = db.session.scalar(select(table.c.id).order_by(table.c.id).limit(1))
            values[f"{table_name}_id"] = str(first or 1)
    for argument, table_name in ARGUMENT_TABLES.items():
        values[argument] = values.get(f"{table_name}_id", "1")
    values["code"] = db.session.scalar(select(Municipality.code).limit(1)) or "500011"
    values.update({name: value for name, value in TEXT_ARGUMENTS.items() if value})
    return values


def fill(rule, real: dict[str, str], bad: tuple[str, str] | None = None) -> str:
    """The rule's path with real values, except the argument named in `bad`."""

    def one(match) -> str:
        name = match["name"]
        if bad and bad[0] == name:
            return quote(bad[1], safe="")
        if match["converter"] in ("any", "word"):  # word: the first of its words
            return match["options"].split(",")[0].strip().strip("'\"")
        return quote(real.get(name, "1"), safe="")

    return ARGUMENT.sub(one, rule.rule)
