"""Imports every domain's models so that SQLAlchemy and Alembic see all tables."""

import importlib

from participation.architecture import DOMAINS
from participation.events import models as _events  # noqa: F401  (the event table every domain writes to)

for _domain in DOMAINS:
    try:
        importlib.import_module(f"participation.{_domain}.models")
    except ModuleNotFoundError as _error:
        if _error.name not in (f"participation.{_domain}", f"participation.{_domain}.models"):
            raise
