"""Option values converted without pydantic.

Typer 0.29 converts every option through a pydantic TypeAdapter, and importing pydantic
takes about 100 ms: more than everything else a typical query does. factbox's options are
only strings, bounded whole numbers, flags, enums and lists of strings or enums, so these few
converters do the job, with plainer errors. Any other kind of parameter is left to Typer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any, get_args, get_origin

from typer import BadParameter

Convert = Callable[[Any], Any]

TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
FALSE = frozenset({"", "0", "false", "f", "no", "n", "off"})
#: What pydantic took for an int: ASCII digits, a sign, underscores between digits, a zero fraction.
WHOLE_NUMBER = re.compile(r"[+-]?[0-9](?:_?[0-9])*(?:\.0*)?")
SHOWN_VALUE = 60  # characters of a bad value echoed in its error


def convert_without_pydantic(params: Iterable[Any]) -> None:
    """Give each parameter whose type is known here a converter, before Typer builds its own."""
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            convert = _conversion_for(param)
            if convert is not None:
                param._runtime_param = _LightParam(convert, param.multiple or param.nargs == -1)


def _conversion_for(param: Any) -> Convert | None:
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return None
    annotation = descriptor.annotation
    if param.multiple or param.nargs == -1:
        return _many(get_args(annotation)[0], info.case_sensitive) if get_origin(annotation) is list else None
    if param.nargs != 1:
        return None
    if annotation is str:
        return str
    if annotation is bool:
        return _boolean
    if annotation is int and not info.clamp:
        return _whole_number(info.min, info.max)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, info.case_sensitive)
    return None


class _LightParam:
    """What Typer asks of a parameter's converter: `coerce`, handling no value as
    `typer._coercion.RuntimeParam.coerce` does."""

    __slots__ = ("convert", "many")

    def __init__(self, convert: Convert, many: bool) -> None:
        self.convert = convert
        self.many = many

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if self.many else None
        if self.many and isinstance(value, str):
            raise BadParameter("Value must be an iterable.", ctx=ctx, param=param)
        try:
            return self.convert(value)
        except ValueError as error:
            raise BadParameter(str(error), ctx=ctx, param=param, param_hint=_typed_as(param, ctx)) from None


def _typed_as(param: Any, ctx: Any) -> str | list[str] | None:
    """Where the bad value came from, as its error names it: the environment variable only
    when it came from there ('FACTBOX_FORMAT'), else the option's own spellings ('-f' / '--format')."""
    source = ctx.get_parameter_source(param.name) if ctx is not None and param.name else None
    if source is not None and source.name == "ENVIRONMENT":
        return str(param.envvar)
    return list(param.opts) if getattr(param, "opts", None) and param.param_type_name == "option" else None


def _many(item: Any, case_sensitive: bool) -> Convert | None:
    """A list of strings, or of an enum's members."""
    if item is str:
        return lambda values: [str(value) for value in values]
    if isinstance(item, type) and issubclass(item, Enum):
        convert = _choice(item, case_sensitive)
        return lambda values: [convert(value) for value in values]
    return None


def _shown(value: Any) -> str:
    """A bad value as its error quotes it: controls escaped, a long one cut short."""
    from .render.sanitize import visible  # only for an error

    return f"'{_cut(visible(str(value)))}'"


def _cut(text: str) -> str:
    return text if len(text) <= SHOWN_VALUE else text[:SHOWN_VALUE] + "…"


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    folded = str(value).strip().lower()
    if folded in TRUE or folded in FALSE:
        return folded in TRUE
    raise ValueError(f"{_shown(value)} is neither true nor false "
                     "(expected 1 or 0, yes or no, true or false, on or off).")


def _whole_number(low: float | None, high: float | None) -> Convert:
    def convert(value: Any) -> int:
        if isinstance(value, int):
            number = value
        elif WHOLE_NUMBER.fullmatch(text := str(value).strip()):
            number = int(text.partition(".")[0])
        else:
            raise ValueError(f"{_shown(value)} is not a whole number.")
        if low is not None and number < low:
            raise ValueError(f"{_cut(str(number))} is less than {_bound(low)}, the smallest allowed.")
        if high is not None and number > high:
            raise ValueError(f"{_cut(str(number))} is more than {_bound(high)}, the largest allowed.")
        return number

    return convert


def _bound(limit: float) -> str:
    return str(int(limit)) if float(limit).is_integer() else str(limit)


def _choice(kind: type[Enum], case_sensitive: bool) -> Convert:
    """Typer would also apply a context's `token_normalize_func`; factbox sets none."""
    by_name = {str(member.value): member for member in kind}

    def convert(value: Any) -> Enum:
        if isinstance(value, kind):
            return value
        text = str(value)
        for name, member in by_name.items():
            if name == text or (not case_sensitive and name.casefold() == text.casefold()):
                return member
        try:
            return kind(text.casefold() if not case_sensitive else text)  # its own short forms (_missing_)
        except ValueError:
            pass
        from .names import closest  # only for an error

        names = list(by_name)
        guess = closest(text, names)
        hint = f" — did you mean '{guess}'?" if guess else "."
        raise ValueError(f"{_shown(text)} is not one of {', '.join(names)}{hint}")

    return convert
