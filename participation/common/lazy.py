"""A value computed on first use, for a template whose shared fragment may already be kept.

A view hands `Lazy(compute)` to a template instead of the computed value; the
template reads it inside a `shared_fragment` block as it would the value
itself (attributes, items, iteration). When the fragment is kept, the block
does not run, nothing reads the value, and its queries never run.
"""

from collections.abc import Callable

_MISSING = object()


class Lazy:
    __slots__ = ("_compute", "_value")

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute
        self._value = _MISSING

    def value(self):
        if self._value is _MISSING:
            self._value = self._compute()
        return self._value

    def __getattr__(self, name: str):
        return getattr(self.value(), name)

    def __getitem__(self, key):
        return self.value()[key]

    def __iter__(self):
        return iter(self.value())

    def __len__(self) -> int:
        return len(self.value())

    def __bool__(self) -> bool:
        return bool(self.value())

    def __contains__(self, item) -> bool:
        return item in self.value()
