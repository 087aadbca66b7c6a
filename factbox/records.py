"""A base for small record classes written out by hand, and the rule for which to use.

`dataclass` builds each class by compiling generated code at import, which costs about as
much as everything else factbox does for a typical query; these records cost nothing to
define. The rule:
- a class that a query run imports (the model, queries, divergence, listings, render,
  the command layer) is a `Record`: `__slots__` and an `__init__`;
- a class that only the first load of a file imports (spec.py's format description,
  validation) may be a dataclass.
`__slots__` are kept sorted (ruff's RUF023), so `fields()`, equality and `repr` follow that
order, not the order of `__init__`'s parameters.
"""

from __future__ import annotations

from typing import Any


class Record:
    __slots__: tuple[str, ...] = ()

    def fields(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Record)
        return self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(v for v in self.fields() if v.__hash__ is not None)))

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"
