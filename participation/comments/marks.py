"""Public marks on comments that another domain knows about (e.g. "filed at the office").

A higher domain registers a provider: given the comment ids of one page, it returns
{comment_id: Mark} in one query. The discussion asks once per page, never per comment.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    note: str
    # Shown instead of the author's name (a person without an account), or None to keep the name.
    author: str | None = None


_providers: list[Callable[[list[int]], dict[int, Mark]]] = []


def register_provider(provider: Callable[[list[int]], dict[int, Mark]]) -> None:
    if provider not in _providers:
        _providers.append(provider)


def marks_for(comment_ids: Iterable[int]) -> dict[int, Mark]:
    ids = sorted(set(comment_ids))
    found: dict[int, Mark] = {}
    if not ids:
        return found
    for provider in _providers:
        found.update(provider(ids))
    return found
