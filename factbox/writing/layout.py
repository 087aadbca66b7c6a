"""Where each value of a factbox sits in its text: the node tree again, with the span of
every node, so that a change can be made to those characters and no others.

Built from libyaml's events like the loader's tree (`yamlsource`), but kept apart from it:
only a command that writes pays for the spans, and what it needs is where text begins and
ends, not what it means (the loader judges the result).
"""

from __future__ import annotations

import yaml

from ..errors import DataError
from ..records import Record

_Loader: type = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


_NO_ITEMS: list[object] = []


class Span(Record):
    """A node and its place in the text: `start` is where it begins; `end` is where its last
    character is written (for a block list or mapping, its last value's end: the comments
    and blank lines after it belong to what follows). `flow` is True for `[…]` and `{…}`;
    `style` a scalar's quoting ('' plain, '"', "'", '|', '>'). `items` are a list's entries,
    or a mapping's (key, value) pairs."""

    __slots__ = ("end", "flow", "items", "kind", "start", "style", "value")

    def __init__(self, kind: str, start: int, flow: bool = False, style: str = "", value: str = "") -> None:
        self.kind = kind
        self.start = start
        self.end = start
        self.flow = flow
        self.style = style
        self.value = value
        self.items: list[object] = _NO_ITEMS if kind == "scalar" or kind == "alias" else []  # one, shared

    @property
    def entries(self) -> list[Span]:
        assert self.kind == "seq"
        return [item for item in self.items if isinstance(item, Span)]

    @property
    def pairs(self) -> list[tuple[Span, Span]]:
        assert self.kind == "map"
        return [item for item in self.items if isinstance(item, tuple)]

    def get(self, key: str) -> Span | None:
        """The value of `key` in a mapping, or None."""
        return next((value for name, value in self.pairs if name.value == key), None)

    def key_of(self, key: str) -> Span | None:
        return next((name for name, _ in self.pairs if name.value == key), None)


def scan(text: str, name: str) -> Span:
    """The root mapping of `text` with every span; a file that is not one is refused (the
    caller validates files before changing them, so this is seldom reached)."""
    parser = _Loader(text)
    stack: list[Span] = []
    keys: list[Span | None] = []
    root: Span | None = None
    scalar, alias = yaml.ScalarEvent, yaml.AliasEvent
    opening = {yaml.MappingStartEvent: "map", yaml.SequenceStartEvent: "seq"}
    closing = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is scalar:
                node = Span("scalar", event.start_mark.index, False, event.style or "", event.value)
                node.end = event.end_mark.index
            elif kind in opening:
                stack.append(Span(opening[kind], event.start_mark.index, bool(event.flow_style)))
                keys.append(None)
                continue
            elif kind in closing:
                node = stack.pop()
                keys.pop()
                if node.flow:
                    node.end = event.end_mark.index
                elif node.items:
                    last = node.items[-1]
                    node.end = (last[1] if isinstance(last, tuple) else last).end  # type: ignore[union-attr]
            elif kind is alias:
                node = Span("alias", event.start_mark.index)
                node.end = event.end_mark.index
            elif kind is yaml.StreamEndEvent:
                break
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            if parent.kind == "seq":
                parent.items.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                parent.items.append((keys[-1], node))
                keys[-1] = None
    except yaml.YAMLError as error:
        raise DataError(f"{name}: not valid YAML: {error}") from None
    finally:
        parser.dispose()
    if root is None or root.kind != "map":
        raise DataError(f"{name}: not a factbox mapping", hint="factbox validate says what is wrong")
    return root
