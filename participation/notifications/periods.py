"""Digest periods: local days and ISO weeks, turned into UTC bounds."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app

from participation.common.models import utcnow
from participation.notifications.topics import DAILY, WEEKLY


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Prague")


def period_start_of(period: str, day: date) -> date:
    if period == WEEKLY:
        return day - timedelta(days=day.weekday())
    if period == DAILY:
        return day
    raise ValueError(f"unknown digest period {period!r}")


def bounds(period: str, start: date) -> tuple[datetime, datetime]:
    """UTC start (inclusive) and end (exclusive) of the local day or week starting `start`."""
    zone = local_zone()
    length = timedelta(days=7 if period == WEEKLY else 1)
    begin = datetime.combine(start, time(0), tzinfo=zone)
    end = datetime.combine(start + length, time(0), tzinfo=zone)
    return begin.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))


def last_complete(period: str, now: datetime | None = None) -> date:
    """The start of the most recent day or week that has ended."""
    today = (now or utcnow()).astimezone(local_zone()).date()
    current = period_start_of(period, today)
    return current - timedelta(days=7 if period == WEEKLY else 1)
