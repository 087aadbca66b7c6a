"""`factbox schema`: a JSON Schema (draft 2020-12) of factbox/1 for editors, which accepts the
bundled data, refuses what the validator refuses where JSON Schema can say so, and agrees with
the format's own description in docs/format.md."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import run

DOCS = Path(__file__).resolve().parents[1] / "docs" / "format.md"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = run("schema")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.endswith("}\n")
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.fixture(scope="module")
def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def as_json(text: str) -> Any:
    """What an editor's YAML reader hands the schema: plain YAML values, as JSON values."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


@pytest.fixture
def bundled_json(bundled_text: str) -> Any:
    return as_json(bundled_text)


def test_schema_is_a_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


def test_schema_describes_the_whole_file(schema: dict[str, Any]) -> None:
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == {"format", "title", "parties", "issues"}
    assert schema["properties"]["format"] == {"const": "factbox/1", "description": "the format and its version"}


def test_schema_accepts_the_bundled_data(validator: jsonschema.Draft202012Validator, bundled_json: Any) -> None:
    errors = [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(bundled_json)]
    assert errors == []


def test_schema_accepts_a_minimal_factbox(validator: jsonschema.Draft202012Validator) -> None:
    minimal = as_json("format: factbox/1\ntitle: T\nparties: [{id: a, name: A}]\nissues: [{id: i, title: I}]\n")
    assert list(validator.iter_errors(minimal)) == []


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        data[path[-1]] = value

    return change


def _delete(path: tuple[str | int, ...]) -> Callable[[Any], None]:
    def change(data: Any) -> None:
        for part in path[:-1]:
            data = data[part]
        del data[path[-1]]

    return change


INVALID = [
    pytest.param(_set(("speakers", 0, "speker"), "x"), "Additional properties are not allowed ('speker'",
                 id="unknown-key"),
    pytest.param(_set(("speker",), []), "Additional properties are not allowed ('speker'", id="unknown-top-level-key"),
    pytest.param(_delete(("parties", 0, "name")), "'name' is a required property", id="missing-required-key"),
    pytest.param(_delete(("title",)), "'title' is a required property", id="missing-title"),
    pytest.param(_set(("parties", 0, "id"), "Ukraine"), "'Ukraine' does not match", id="bad-slug"),
    pytest.param(_set(("speakers", 0, "party"), "Ukraine"), "'Ukraine' does not match", id="bad-reference-slug"),
    pytest.param(_set(("positions", 0, "stance"), 1.5), "1.5 is not of type 'integer'", id="stance-1.5"),
    pytest.param(_set(("positions", 0, "stance"), "2"), "'2' is not of type 'integer'", id="stance-quoted"),
    pytest.param(_set(("positions", 0, "stance"), True), "True is not of type 'integer'", id="stance-yes"),
    pytest.param(_set(("format",), "factbox/2"), "'factbox/1' was expected", id="format-factbox-2"),
    pytest.param(_delete(("format",)), "'format' is a required property", id="format-missing"),
    pytest.param(_set(("title",), ""), "should be non-empty", id="empty-title"),
    pytest.param(_set(("as_of",), "2025-13"), "'2025-13' does not match", id="date-month-13"),
    pytest.param(_set(("as_of",), "19 Dec 2025"), "'19 Dec 2025' does not match", id="date-malformed"),
    pytest.param(_set(("parties",), []), "should be non-empty", id="no-parties"),
    pytest.param(_set(("parties", 0, "role"), "partie"), "'partie' is not one of", id="bad-role"),
    pytest.param(_set(("parties", 0, "aliases"), {"Kyiv": "Kiev"}), "is not of type 'array'",
                 id="mapping-where-list-expected"),
    pytest.param(_set(("title",), ["a", "b"]), "is not of type 'string'", id="list-where-text-expected"),
    pytest.param(_set(("scale", "labels", "x"), "y"), "'x' does not match", id="label-key-not-an-integer"),
]


@pytest.mark.parametrize(("change", "message"), INVALID)
def test_schema_refuses(validator: jsonschema.Draft202012Validator, bundled_json: Any,
                        change: Callable[[Any], None], message: str) -> None:
    data = copy.deepcopy(bundled_json)
    change(data)
    messages = [error.message for error in validator.iter_errors(data)]
    assert any(message in text for text in messages), messages


def test_schema_can_fail(validator: jsonschema.Draft202012Validator, bundled_json: Any) -> None:
    """A deliberately broken copy is refused, and the untouched data still passes."""
    data = copy.deepcopy(bundled_json)
    data["positions"][0]["stance"] = 1.5
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
    validator.validate(bundled_json)


def test_schema_is_stable_and_plain_json() -> None:
    first, second = run("schema"), run("schema")
    assert first.stdout == second.stdout
    assert first.stdout.count("\n") > 1, "indented for people to read"


# --- docs/format.md describes every key the schema has, and which are required -----------


def _documented_records() -> dict[str, dict[str, bool]]:
    """From docs/format.md: each record's table (`### record` heading) as key → required."""
    records: dict[str, dict[str, bool]] = {}
    current: dict[str, bool] | None = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = records.setdefault(heading[1], {})
            continue
        if line.startswith("## "):
            current = None
        row = re.match(r"^\| `(\w+)` \| [^|]+ \| (required|optional)", line)
        if row and current is not None:
            current[row[1]] = row[2] == "required"
    return records


def test_docs_describe_every_key_of_every_record(schema: dict[str, Any]) -> None:
    documented = _documented_records()
    definitions = {"factbox": schema, **schema["$defs"]}
    assert set(documented) == set(definitions)
    for name, definition in definitions.items():
        expected = {key: key in definition["required"] for key in definition["properties"]}
        assert documented[name] == expected, name


def test_docs_link_to_the_schema_command() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert "factbox schema" in text
    assert "yaml-language-server: $schema=" in text
