"""Pagination that never fails on a malformed page number."""

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select, func, select

from participation.common.validation import read_int
from participation.extensions import db


def page_from_request(name: str = "page") -> int:
    """The requested page, or 1 for anything missing, malformed or out of range."""
    page, _malformed = read_int(request.args.get(name, "1"), maximum=100_000)
    return page or 1


@dataclass
class Page:
    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(statement: Select, page: int, per_page: int, scalars: bool = True) -> Page:
    """Run one COUNT and one LIMIT/OFFSET query for the requested page."""
    total = db.session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    )
    rows = db.session.execute(statement.limit(per_page).offset((page - 1) * per_page))
    items = list(rows.scalars() if scalars else rows)
    return Page(items=items, page=page, per_page=per_page, total=total or 0)
