"""A JSON Schema (draft 2020-12) of factbox/1, generated from the same format description
the validator walks, for editors such as yaml-language-server."""

from __future__ import annotations

from typing import Any

from . import spec

SCHEMA_ID = "https://factbox.invalid/schema/factbox-1.json"
_DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
_INTEGER_TEXT = r"^[-+]?[0-9]+$"


def json_schema() -> dict[str, Any]:
    defs = {name: _record(name) for name in spec.RECORDS if name != "factbox"}
    root = _record("factbox")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "factbox/1",
        "description": "A factbox: parties, speakers, issues, scored stances and attributed quotes.",
        **root,
        "$defs": defs,
    }


def _record(name: str) -> dict[str, Any]:
    fields = spec.RECORDS[name]
    properties: dict[str, Any] = {}
    for field in fields:
        schema = _kind(field.kind)
        if field.doc:
            schema = {**schema, "description": field.doc}
        properties[field.name] = schema
    return {
        "type": "object",
        "properties": properties,
        "required": [field.name for field in fields if field.required],
        "additionalProperties": False,
    }


def _kind(kind: spec.Kind) -> dict[str, Any]:
    match kind:
        case spec.Text():
            return {"type": "string", "minLength": 1, "pattern": r"\S"}
        case spec.Slug() | spec.Ref():
            return {"type": "string", "pattern": spec.SLUG_PATTERN}
        case spec.Date():
            # A YAML 1.1 reader may hand an editor a year as a number; the validator reads it as text.
            return {"type": ["string", "integer"], "pattern": _DATE}
        case spec.Integer():
            return {"type": "integer"}
        case spec.Choice(values):
            return {"type": "string", "enum": list(values)}
        case spec.Const(value):
            return {"const": value}
        case spec.ListOf(item, min_items):
            schema: dict[str, Any] = {"type": "array", "items": _kind(item)}
            if min_items:
                schema["minItems"] = min_items
            return schema
        case spec.Labels():
            return {
                "type": "object",
                "propertyNames": {"pattern": _INTEGER_TEXT},
                "additionalProperties": {"type": "string", "minLength": 1},
            }
        case spec.Record(name):
            return {"$ref": f"#/$defs/{name}"}
    raise AssertionError(kind)
