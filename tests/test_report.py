"""factbox report: the HTML page read back by a parser (quotes, headings, scripts, links, charts,
JSON-LD), the Markdown article, the filters, -o and --force, and every page laid out by a real
headless chromium at 1280 and 390 px."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from browser import browser_at, png_size
from helpers import FIXTURES, run
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt
from report_pages import (
    CJK_QUOTE,
    DEPTH,
    LONG_WORD,
    RTL_QUOTE,
    SCRIPT_QUOTE,
    tiny_factbox,
    unscored_factbox,
    wide_factbox,
)
from test_properties import command_built_once, emit, factboxes

from factbox import __version__
from factbox.divergence import divergence_of
from factbox.loading import load, load_text
from factbox.model import Factbox
from factbox.queries import scope, supporting_quotes
from factbox.reading import default_data_path
from factbox.render.sanitize import visible
from factbox.report.page import safe_url

HOSTILE = FIXTURES / "hostile.yaml"
SMALL = FIXTURES / "small.yaml"


class Parsed(HTMLParser):
    """What the checks read from a page: headings, block quotations, scripts, attributes, charts."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.headings: list[tuple[int, str]] = []
        self.quotes: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.ids: set[str] = set()
        self.charts: list[dict[str, Any]] = []
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.elements.append((tag, found))
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "figure" and found.get("class") == "chart":
            self.charts.append({"svg": None, "title": "", "caption": ""})
        if tag == "svg" and self.charts and "figure" in self.stack and found.get("class") == "axis-chart":
            self.charts[-1]["svg"] = found
        if tag not in ("br", "meta", "line", "circle"):
            self.stack.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "script", "title", "figcaption") or (
                tag == "p" and self.stack[-2:-1] == ["blockquote"]):
            self._text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        text = "".join(self._text or [])
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append((int(tag[1]), text))
        elif tag == "p" and self.stack[-2:-1] == ["blockquote"]:
            self.quotes.append(text)
        elif tag == "script":
            self.scripts.append((dict(self.elements[-1][1]), text))
        elif tag == "title" and self.charts and "svg" in self.stack:
            self.charts[-1]["title"] = text
        elif tag == "figcaption" and self.charts and self.stack[-2:-1] == ["figure"] and "chart" in str(
                self._figure_class()):
            self.charts[-1]["caption"] = text
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "script", "title", "figcaption", "p"):
            self._text = None
        while self.stack and self.stack.pop() != tag:
            pass

    def _figure_class(self) -> str | None:
        figures = [attrs for tag, attrs in self.elements if tag == "figure"]
        return figures[-1].get("class") if figures else None


def parse(page: str) -> Parsed:
    parsed = Parsed()
    parsed.feed(page)
    parsed.close()
    return parsed


def report(*args: str) -> str:
    result = run("report", *args)
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    return result.stdout


def scored_issue_count(factbox: Factbox) -> int:
    measured = scope(factbox)
    return sum(divergence_of(factbox, issue, measured.parties).scored for issue in factbox.issues)


def check_page(page: str, factbox: Factbox, made_from: str) -> Parsed:
    """Every check a page of the whole factbox must pass; returns what was parsed."""
    parsed = parse(page)
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    # Headings: one h1 first, then never a level skipped.
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    # Every quote, as a block quotation, once in each place it supports a stance, and each
    # quote of the file at least once.
    expected: Counter[str] = Counter()
    for issue in factbox.issues_in_tree_order():
        for party in factbox.parties:
            expected.update(visible(q.text, keep_newlines=True) for q in supporting_quotes(factbox, party.id, issue.id))
    placed = {q.id for issue in factbox.issues for party in factbox.parties
              for q in supporting_quotes(factbox, party.id, issue.id)}
    expected.update(visible(q.text, keep_newlines=True) for q in factbox.quotes if q.id not in placed)
    assert Counter(parsed.quotes) == expected
    tags = Counter(tag for tag, _ in parsed.elements)
    assert tags["article"] == 1 and tags["blockquote"] == tags["cite"] == len(parsed.quotes)  # each attributed
    assert tags["figure"] == len(parsed.quotes) + len(parsed.charts)
    # No script but the JSON-LD, nothing loaded from anywhere, links only to the data's own URLs.
    assert len(parsed.scripts) == 1 and parsed.scripts[0][0] == {"type": "application/ld+json"}
    assert page.lower().count("<script") == 1 and page.lower().count("</script") == 1
    allowed = {safe_url(s.url) for s in factbox.sources} - {None}
    for tag, attrs in parsed.elements:
        assert tag not in ("img", "link", "iframe", "object", "embed", "base", "form", "input"), tag
        assert "src" not in attrs and not any(name.startswith("on") for name in attrs), (tag, attrs)
        if "href" in attrs:
            href = str(attrs["href"])
            assert tag == "a" and (href in allowed or href[1:] in parsed.ids), (tag, href)
    assert "url(" not in page and "@import" not in page
    assert visible(page, keep_newlines=True) == page  # nothing that reorders or hides text, no control character
    # The JSON-LD: one Quotation per quote of the file, its exact words.
    graph = json.loads(parsed.scripts[0][1])["@graph"]
    assert [item["@type"] for item in graph] == ["Quotation"] * len(factbox.quotes)
    assert sorted(item["text"] for item in graph) == sorted(q.text for q in factbox.quotes)
    for item in graph:
        speaker = next(s for s in factbox.speakers if s.name == item["spokenByCharacter"]["name"])
        assert item["spokenByCharacter"]["@type"] == ("Organization" if speaker.kind == "group" else "Person")
        assert item["@id"][1:] in parsed.ids
    # A chart per scored issue, each with a text alternative.
    assert len(parsed.charts) == scored_issue_count(factbox)
    for chart in parsed.charts:
        svg = chart["svg"]
        assert svg is not None and svg["role"] == "img"
        assert all(label in parsed.ids for label in str(svg["aria-labelledby"]).split())
        assert chart["title"] and chart["caption"]
    assert f"Made with factbox {__version__} (format factbox/1) from {made_from}." in page
    return parsed


PAGES = {
    "bundled": lambda tmp: default_data_path(),
    "small": lambda tmp: SMALL,
    "hostile": lambda tmp: HOSTILE,
    "wide": lambda tmp: _written(tmp / "wide.yaml", wide_factbox()),
    "unscored": lambda tmp: _written(tmp / "unscored.yaml", unscored_factbox()),
    **{f"divergence/{path.stem}": (lambda tmp, path=path: path)
       for path in sorted((FIXTURES / "divergence").glob("*.yaml"))},
}


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each factbox and its page, made by `factbox report -o` once for the module."""
    folder = tmp_path_factory.mktemp("pages")
    made = {}
    for name, data in PAGES.items():
        source = data(folder)
        output = folder / f"{name.replace('/', '-')}.html"
        result = run("report", "--data", str(source), "-o", str(output))
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", ""), result.stderr
        made[name] = (source, output)
    return made


@pytest.mark.parametrize("name", list(PAGES))
def test_the_page_passes_every_check(name: str, pages: dict[str, tuple[Path, Path]]) -> None:
    source, output = pages[name]
    check_page(output.read_text(encoding="utf-8"), load(str(source), use_cache=False), source.name)


def test_the_bundled_page_reads_in_order(pages: dict[str, tuple[Path, Path]]) -> None:
    parsed = parse(pages["bundled"][1].read_text(encoding="utf-8"))
    assert parsed.headings[:4] == [
        (1, "Key positions of Russia and Ukraine in ongoing peace talks"), (2, "Where the parties stand"),
        (2, "Security guarantees, demilitarization, NATO membership"), (3, "NATO membership for Ukraine")]
    assert parsed.headings[-1] == (2, "Timeline")
    graph = json.loads(parsed.scripts[0][1])["@graph"]
    peskov = next(item for item in graph if item["text"] == "special consideration")
    assert peskov["spokenByCharacter"] == {"@type": "Person", "name": "Dmitry Peskov", "jobTitle": "Kremlin spokesman"}
    assert peskov["isBasedOn"]["publisher"] == {"@type": "Organization", "name": "Anadolu Agency"}
    assert "dateCreated" not in peskov  # the source's date, not the quote's own: not claimed as when it was said
    group = next(item for item in graph if item["spokenByCharacter"]["name"] == "Russian officials")
    assert group["spokenByCharacter"]["@type"] == "Organization"


def test_the_charts_put_each_party_where_the_divergence_listing_has_it(pages: dict[str, tuple[Path, Path]]) -> None:
    """The SVG markers, read back from the page, sit at the stances `factbox divergence` reports
    (and so where the terminal chart, drawn from the same `render.axis` geometry, puts them)."""
    from factbox.report.svg import AXIS, MARGIN

    page = pages["wide"][1].read_text(encoding="utf-8")
    result = run("divergence", "--data", str(pages["wide"][0]), "-f", "json")
    rows = [row for row in json.loads(result.stdout) if row["gap"] is not None]
    charts = re.findall(r'<svg class="axis-chart".*?</svg>', page, re.S)
    assert len(charts) == len(rows) == DEPTH
    for chart, row in zip(charts, rows, strict=True):
        drawn = [int(x) for x in re.findall(r'<circle class="marker[^"]*" cx="(\d+)"', chart)]
        low, span = row["scale_min"], row["scale_max"] - row["scale_min"]
        expected = sorted(MARGIN + round((stance - low) * AXIS / span) for stance in row["stances"].values())
        assert drawn == expected, row["issue"]
        reported = [b for b in row["basis"].values() if b == "reported"]
        assert chart.count('class="marker basis-reported"') == len(reported)


def test_the_wide_page_keeps_every_kind_of_text(pages: dict[str, tuple[Path, Path]]) -> None:
    page = pages["wide"][1].read_text(encoding="utf-8")
    parsed = parse(page)
    for text in (RTL_QUOTE, CJK_QUOTE, LONG_WORD, SCRIPT_QUOTE):
        assert text in parsed.quotes
    # The tree is seven deep below its root: headings go h2 … h6 and stay at h6 beneath.
    assert [level for level, title in parsed.headings if title.startswith(("The valley", "Clause"))] == [
        2, 3, 4, 5, 6, 6, 6, 6]
    # The script-closing quote is text in the page and \u escapes in the JSON-LD.
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in parsed.scripts[0][1]
    # A javascript: URL is shown, never linked; an https one is, its quote marks escaped.
    assert "javascript:alert(1)" in page and 'href="javascript' not in page
    assert 'href="https://example.org/wire?a=1&amp;b=&#34;2&#34;"' in page


def test_hostile_text_is_inert(pages: dict[str, tuple[Path, Path]]) -> None:
    page = pages["hostile"][1].read_text(encoding="utf-8")
    assert "\x1b" not in page and "\u202e" not in page
    assert "[link=https://evil.example]click[/link]" in page
    assert "Clear \\x1b[2J then title" in page  # control characters shown, as on the terminal
    graph = json.loads(parse(page).scripts[0][1])["@graph"]
    assert {item["text"] for item in graph} == {q.text for q in load(str(HOSTILE), use_cache=False).quotes}


def test_a_page_with_no_scored_issue_says_so(pages: dict[str, tuple[Path, Path]]) -> None:
    page = pages["unscored"][1].read_text(encoding="utf-8")
    assert "No chart: no issue has two scored stances." in page
    assert "<strong dir=\"auto\">North</strong>: no stance scored, reported" in page


def test_markdown_is_an_article(tmp_path: Path) -> None:
    text = report("--data", str(_written(tmp_path / "tiny.yaml", tiny_factbox())), "-f", "markdown")
    assert text == """\
# Tiny \\*talks\\*

*As of 2025-12.* Sources: [Gazette](https://example.org/g).

## Where the parties stand

1 of 1 scored issues apart; no common ground; 1 of 2 stances inferred.

**Furthest apart:** Fish (apart, 3 of 4).

**Common ground:** none: on every scored issue one party rejects what another accepts.

## Fish

*Share the fish?* (apart, 3 of 4)

**Aland's stance:** accepts (+1), stated. Will share. *Conditions:* If b does.

> \\- we &lt;will&gt; share\\
> the \\[fish\\]
>
> — Ann, Envoy (Aland), 2025-11, [Gazette](https://example.org/g)

**Bland's stance:** rejects (-2), inferred. Won't.

## Timeline

- **2025-11** — quoted: Ann (Aland) on Fish
- **2025-12** — recorded: Aland: accepts (+1) on Fish
- **2025-12** — recorded: Bland: rejects (-2) on Fish

---

Made with factbox 0.3.1 (format factbox/1) from tiny.yaml.
"""


def test_markdown_of_the_bundled_data_names_each_side() -> None:
    text = report("-f", "markdown")
    assert report("-f", "md") == text  # the short form the listings' --format takes
    assert "### Donbas\n" in text and "**Ukraine's stance:** rejects (-2), stated." in text
    assert "**United States's position:** no stance scored, reported." in text
    assert "> — Dmitry Peskov, Kremlin spokesman (Russia), 2025-12 (the source's date)" in text
    assert not any(line.startswith("|") for line in text.splitlines())
    timeline = text.split("## Timeline\n")[1]
    assert ("- **2019** — recorded: Ukraine: rejects (-2) on NATO membership for Ukraine — NATO membership "
            "enshrined as an objective in Ukraine's Constitution.\n") in timeline
    assert "- **2025-12** — shift: Ukraine moved from rejects (-2) to accepts (+1) on NATO membership" in timeline
    assert "- **2025-11** — Series of US-mediated talks on a peace framework begins" in timeline


@pytest.mark.parametrize("name", ["bundled", "small", "hostile", "wide"])
def test_the_markdown_renders_as_the_text_it_holds(name: str, pages: dict[str, tuple[Path, Path]]) -> None:
    """Through a CommonMark renderer (raw HTML allowed, as a CMS may): every quote is a block
    quotation of its exact words (controls made visible), headings stay in order, and nothing
    in the data becomes a tag, a link or emphasis."""
    source = pages[name][0]
    factbox = load(str(source), use_cache=False)
    rendered = MarkdownIt("commonmark").render(report("--data", str(source), "-f", "markdown"))
    parsed = parse("<!DOCTYPE html><html><body>" + rendered + "</body></html>")
    tags = {tag for tag, _ in parsed.elements}
    assert tags <= {"html", "body", "h1", "h2", "h3", "h4", "h5", "h6", "p", "em", "strong", "a", "blockquote",
                    "br", "ul", "li", "hr"}, tags
    allowed = {unquote(url) for s in factbox.sources if (url := safe_url(s.url))}
    assert {unquote(str(attrs.get("href"))) for tag, attrs in parsed.elements if tag == "a"} <= allowed
    quoted = Counter(text for text in parsed.quotes if not text.startswith(("— ", "Context: ")))
    placed = [q for issue in factbox.issues for party in factbox.parties
              for q in supporting_quotes(factbox, party.id, issue.id)]
    unplaced = [q for q in factbox.quotes if q.id not in {p.id for p in placed}]
    # As in every Markdown output, a CR LF is a line break (render.markdown.escape_markdown).
    assert quoted == Counter(visible(q.text.replace("\r\n", "\n"), keep_newlines=True) for q in [*placed, *unplaced])
    levels = [level for level, _ in parsed.headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_markdown_of_hostile_data_is_inert() -> None:
    text = report("--data", str(HOSTILE), "-f", "markdown")
    assert "<" not in text and "\x1b" not in text and "\u202e" not in text
    assert "\\[link=https://evil.example\\]click\\[/link\\]" in text


def test_filters_publish_one_issue_or_some_parties() -> None:
    parsed = parse(report("--issue", "territory", "--party", "russia"))
    assert parsed.headings[1:] == [
        (2, "Where the parties stand"), (2, "Territorial concessions and control"), (3, "Donbas"),
        (3, "Ceasefire along the current front line"), (3, "Territorial referendums and popular decision"),
        (3, "Zaporizhzhia Nuclear Power Plant"), (3, "Reconstruction funds, accountability and compensation"),
        (2, "Timeline")]
    speakers = {item["spokenByCharacter"]["name"] for item in json.loads(parsed.scripts[0][1])["@graph"]}
    assert speakers and speakers <= {"Vladimir Putin", "Dmitry Peskov", "Yury Ushakov", "Maria Zakharova",
                                     "Russian officials"}
    assert parsed.charts == []  # one party: nothing to measure it against


def test_as_of_publishes_the_factbox_as_it_stood_then() -> None:
    from factbox.asof import as_of
    from factbox.model import PartialDate

    page = report("--as-of", "2019")
    check_page(page, as_of(load(str(default_data_path()), use_cache=False), PartialDate.parse("2019")),
               "positions.yaml")
    assert "As of <time>2019</time>." in page
    assert "Note: as of 2019: positions as recorded on or before it, later quotes and events left out." in page
    assert "earliest known, carried back (not yet recorded then)" in page
    text = report("--as-of", "2019", "-f", "markdown", "--issue", "nato")
    assert "**Ukraine's stance:** rejects (-2), basis not given. Recorded 2019. NATO membership" in text
    assert "**Ukraine's stance:** accepts" not in text


def test_output_file_is_written_atomically_and_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    first = run("report", "--data", str(SMALL), "-o", str(target))
    assert (first.exit_code, first.stdout, first.stderr) == (0, "", "")
    assert target.read_text(encoding="utf-8") == report("--data", str(SMALL))
    target.write_text("mine", encoding="utf-8")
    refused = run("report", "--data", str(SMALL), "-o", str(target))
    assert (refused.exit_code, refused.stdout) == (4, "")
    assert refused.stderr == (f"factbox: error: {target} already exists; nothing written\n"
                              "hint: use --force to replace it\n")
    assert target.read_text(encoding="utf-8") == "mine"
    forced = run("report", "--data", str(SMALL), "-f", "markdown", "-o", str(target), "--force")
    assert forced.exit_code == 0 and target.read_text(encoding="utf-8").startswith("# Estrela Bank fisheries talks\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]  # no temporary file left


def test_a_file_that_cannot_be_written_is_exit_4(tmp_path: Path) -> None:
    result = run("report", "--data", str(SMALL), "-o", str(tmp_path / "missing" / "report.html"))
    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr.startswith(f"factbox: error: cannot write {tmp_path / 'missing' / 'report.html'}: ")


def test_a_name_that_matches_nothing_is_a_usage_error() -> None:
    result = run("report", "--issue", "nowhere")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("factbox: error: no issue 'nowhere'")


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_lays_out_in_a_real_browser(width: int, pages: dict[str, tuple[Path, Path]],
                                               tmp_path: Path) -> None:
    """Each page loaded once at this width: a screenshot, nothing wider than the viewport, and
    every chart drawn at a size."""
    problems = []
    with browser_at(width) as browser:
        for name, (source, output) in pages.items():
            measured = browser.load(output)
            shot = browser.screenshot(tmp_path / f"{output.stem}-{width}.png")
            charts = scored_issue_count(load(str(source), use_cache=False))
            if png_size(shot)[0] != width or measured["width"] != width:
                problems.append(f"{name}: laid out {measured['width']} px wide, screenshot {png_size(shot)}")
            if measured["scrollWidth"] > width or measured["outside"]:
                problems.append(f"{name}: wider than {width} px: {measured['scrollWidth']}, {measured['outside'][:5]}")
            if len(measured["charts"]) != charts or not all(w > 0 and h > 0 for w, h in measured["charts"]):
                problems.append(f"{name}: charts drawn {measured['charts']}, {charts} expected")
    assert problems == []


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_colour_scheme_meets_wcag_aa_contrast() -> None:
    """Each text colour of the light, dark and print schemes on each background it is drawn on:
    at least 4.5:1 (WCAG 2 AA for body text)."""
    import re

    css = report("--data", str(SMALL)).split("<style>")[1].split("</style>")[0]
    schemes = [dict(re.findall(r"--(\w+): (#[0-9a-f]{6})", block)) for block in re.findall(r":root \{([^}]*)\}", css)]
    assert len(schemes) == 3  # light, dark, print
    for scheme in schemes:
        for text in ("fg", "muted", "link", "opposed", "apart", "close", "aligned"):
            for background in ("bg", "panel"):
                colour = scheme.get(text, schemes[0][text])
                assert contrast(colour, scheme[background]) >= 4.5, (scheme, text, background)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(doc=factboxes())
def test_every_valid_factbox_makes_pages_that_pass_the_checks(doc: Any) -> None:
    """Generated factboxes (tests/test_properties.py's): the HTML passes every check, the
    Markdown is an article, whatever the text holds."""
    text, _ = emit(doc)
    with command_built_once():
        page = run("report", "--data", "-", input=text)
        article = run("report", "--data", "-", "-f", "markdown", input=text)
    assert (page.exit_code, page.stderr, article.exit_code, article.stderr) == (0, "", 0, "")
    check_page(page.stdout, load_text(text, "<text>"), "standard input")
    assert article.stdout.startswith("# ") and "\x1b" not in article.stdout



def test_templates_are_compiled_once_and_kept_only_as_authenticated_blobs(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Later reports load their compiled templates from the cache; a blob changed by anyone
    without the user's secret is a miss (compiled again), never code that is run."""
    import jinja2.bccache

    loaded: list[str] = []
    original = jinja2.bccache.Bucket.bytecode_from_string

    def counted(bucket: jinja2.bccache.Bucket, data: bytes) -> None:
        loaded.append(bucket.key)
        original(bucket, data)

    monkeypatch.setattr(jinja2.bccache.Bucket, "bytecode_from_string", counted)
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    first = run("report", env=env)
    assert first.exit_code == 0 and loaded == []
    assert run("report", env=env).stdout == first.stdout and len(loaded) == 2  # the page's and the chart's
    blobs = [path for path in (tmp_path / "factbox").glob("*.fbc") if path.read_bytes().startswith(b"FACTBOX-blob")]
    assert len(blobs) == 2
    for blob in blobs:
        data = bytearray(blob.read_bytes())
        data[-1] ^= 1
        blob.write_bytes(bytes(data))
    loaded.clear()
    assert run("report", env=env).stdout == first.stdout and loaded == []  # refused before Jinja saw them
    assert run("report", env=env).stdout == first.stdout and len(loaded) == 2  # compiled again, and kept
