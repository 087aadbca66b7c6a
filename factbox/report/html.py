"""The page as one self-contained HTML file: the templates in factbox/templates/ (Jinja2,
autoescaped, so every value is escaped for HTML text and attributes), the charts from `svg`,
and the quotes as schema.org JSON-LD, escaped so that nothing in a quote can close its script."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup

from ..render.jsonout import dumps
from ..render.sanitize import visible
from .page import Page, QuoteView, SourceView
from .svg import layout

#: Inside <script>, `</script` or `<!--` would end or confuse it: as JSON \u escapes they are
#: the same string to a JSON reader and inert to the HTML parser.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class _CompiledTemplates(BytecodeCache):
    """Each template compiled once and kept in factbox's cache (compiling the page's takes
    longer than rendering most pages). Compiled code is loaded only from a blob authenticated
    with the user's secret, as cache entries are: never from a file someone else could write.
    Jinja's own header in the bytes checks its version and Python's."""

    def load_bytecode(self, bucket: Bucket) -> None:
        from ..cache import load_blob

        data = load_blob(_blob_key(bucket))
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        from ..cache import store_blob

        store_blob(_blob_key(bucket), bucket.bytecode_to_string())


def _blob_key(bucket: Bucket) -> str:
    """The template and the checksum of its source: an edited template is compiled again."""
    return f"jinja template {bucket.key} {bucket.checksum}"


def _environment() -> Environment:
    environment = Environment(loader=PackageLoader("factbox", "templates"), autoescape=True,
                              undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              bytecode_cache=_CompiledTemplates())
    environment.filters["shown"] = lambda text: visible(str(text), keep_newlines=True)
    environment.globals["layout"] = layout
    return environment


def write_html(page: Page) -> Iterator[str]:
    """The page in pieces as the template makes them: a page of many quotes is several times
    the size of its file, and is never held whole."""
    return _environment().get_template("report.html.j2").generate(page=page, json_ld=json_ld(page))


def json_ld(page: Page) -> Iterator[Markup]:
    """One schema.org Quotation per quote on the page, as text safe inside a <script> element,
    a quote at a time."""
    yield Markup('{"@context": "https://schema.org", "@graph": [')
    for number, quote in enumerate(page.quotes):
        text = dumps(_quotation(quote), indent=None).translate(_SCRIPT_ESCAPES)
        yield Markup(f", {text}" if number else text)
    yield Markup("]}")


def _quotation(quote: QuoteView) -> dict[str, Any]:
    speaker: dict[str, Any] = {"@type": "Organization" if quote.group else "Person", "name": quote.speaker}
    if quote.role:
        speaker["description" if quote.group else "jobTitle"] = quote.role
    found: dict[str, Any] = {"@type": "Quotation", "@id": f"#{quote.anchor}", "text": quote.text,
                             "spokenByCharacter": speaker}
    if quote.source is not None:
        found["isBasedOn"] = _work(quote.source)
    if quote.date is not None and quote.date_basis == "quote":
        found["dateCreated"] = quote.date
    return found


def _work(source: SourceView) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.title}
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.date:
        work["datePublished"] = source.date
    if source.link:
        work["url"] = source.link
    return work
