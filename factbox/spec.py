"""The factbox/1 format as data: which keys each record has, and what each value must be.

One description serves twice: the validator walks it to check a file, and the JSON Schema
is generated from it, so the two cannot disagree about a key.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "factbox/1"
SLUG_PATTERN = r"^[a-z][a-z0-9-]*$"
PARTY_ROLES = ("party", "mediator", "observer")
SPEAKER_KINDS = ("person", "group")
BASES = ("stated", "reported", "inferred")


@dataclass(frozen=True, slots=True)
class Text:
    """Non-empty text, kept as written."""


@dataclass(frozen=True, slots=True)
class Slug:
    """An id: lower-case letters, digits and '-', starting with a letter."""


@dataclass(frozen=True, slots=True)
class Ref:
    """The id of an entry of another list (`target` is that list's key)."""

    target: str


@dataclass(frozen=True, slots=True)
class Date:
    """YYYY, YYYY-MM or YYYY-MM-DD."""


@dataclass(frozen=True, slots=True)
class Integer:
    """An integer written as one: no quotes, no decimal point."""


@dataclass(frozen=True, slots=True)
class Choice:
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Const:
    value: str


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Kind
    min_items: int = 0


@dataclass(frozen=True, slots=True)
class Labels:
    """A mapping from integers on the scale to their label text."""


@dataclass(frozen=True, slots=True)
class Record:
    name: str


Kind = Text | Slug | Ref | Date | Integer | Choice | Const | ListOf | Labels | Record


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind
    required: bool = False
    doc: str = ""


RECORDS: dict[str, tuple[Field, ...]] = {
    "factbox": (
        Field("format", Const(FORMAT_ID), True, "the format and its version"),
        Field("title", Text(), True),
        Field("description", Text()),
        Field("as_of", Date(), doc="the date the factbox reflects"),
        Field("scale", Record("scale")),
        Field("sources", ListOf(Record("source"))),
        Field("parties", ListOf(Record("party"), min_items=1), True),
        Field("speakers", ListOf(Record("speaker"))),
        Field("issues", ListOf(Record("issue"), min_items=1), True),
        Field("positions", ListOf(Record("position"))),
        Field("quotes", ListOf(Record("quote"))),
        Field("events", ListOf(Record("event"))),
    ),
    "scale": (
        Field("min", Integer(), True),
        Field("max", Integer(), True),
        Field("labels", Labels()),
    ),
    "source": (
        Field("id", Slug(), True),
        Field("title", Text(), True),
        Field("publisher", Text()),
        Field("date", Date()),
        Field("url", Text()),
    ),
    "party": (
        Field("id", Slug(), True),
        Field("name", Text(), True),
        Field("aliases", ListOf(Text())),
        Field("role", Choice(PARTY_ROLES)),
    ),
    "speaker": (
        Field("id", Slug(), True),
        Field("name", Text(), True),
        Field("party", Ref("parties"), True),
        Field("role", Text()),
        Field("aliases", ListOf(Text())),
        Field("kind", Choice(SPEAKER_KINDS), doc="a group speaks collectively (\"Russian officials\")"),
    ),
    "issue": (
        Field("id", Slug(), True),
        Field("parent", Ref("issues")),
        Field("title", Text(), True),
        Field("aliases", ListOf(Text())),
        Field("question", Text(), doc="the proposition stances are scored against"),
    ),
    "position": (
        Field("party", Ref("parties"), True),
        Field("issue", Ref("issues"), True),
        Field("stance", Integer(), doc="an integer on the scale"),
        Field("summary", Text(), True),
        Field("conditions", Text()),
        Field("basis", Choice(BASES)),
        Field("quotes", ListOf(Ref("quotes"))),
        Field("sources", ListOf(Ref("sources"))),
        Field("as_of", Date()),
        Field("history", ListOf(Record("history"))),
    ),
    "history": (
        Field("date", Date(), True),
        Field("stance", Integer()),
        Field("summary", Text(), True),
        Field("conditions", Text()),
        Field("basis", Choice(BASES)),
        Field("quotes", ListOf(Ref("quotes"))),
    ),
    "quote": (
        Field("id", Slug(), True),
        Field("speaker", Ref("speakers"), True),
        Field("text", Text(), True, "verbatim"),
        Field("issues", ListOf(Ref("issues"))),
        Field("context", Text()),
        Field("date", Date()),
        Field("source", Ref("sources")),
    ),
    "event": (
        Field("id", Slug(), doc="optional: how `diff` tells an event apart when its date or title changes"),
        Field("date", Date(), True),
        Field("title", Text(), True),
        Field("place", Text()),
        Field("source", Ref("sources")),
    ),
}

#: The lists whose entries have ids, with the record each holds (also what a reference to it
#: is called in messages: "unknown speaker 'x'").
ID_LISTS = {"parties": "party", "speakers": "speaker", "issues": "issue", "quotes": "quote", "sources": "source",
            "events": "event"}
