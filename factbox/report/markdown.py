"""The page as an article in Markdown, for a CMS or a README: a heading per issue, a paragraph
per party ("Ukraine's stance: …"), the quotes as `>` blocks with their attribution. Every value
is escaped so that a renderer shows it as written (no HTML, link or emphasis from the data)."""

from __future__ import annotations

import re

from ..render.markdown import escape_markdown
from .page import Page, QuoteView, SourceView, StanceView

#: At the start of a line, these would begin a list, a heading underline or a numbered list.
_LINE_START = re.compile(r"^([-+=]|\d+[.)])", re.MULTILINE)
_KIND_WORDS = {"event": "", "stance": "recorded: ", "shift": "shift: ", "quote": "quoted: "}
_URL_ESCAPES = {"(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", " ": "%20"}


def _lines(text: str) -> list[str]:
    """Data as lines of Markdown text: escaped, and a line that would start a list or heading kept text."""
    return _LINE_START.sub(lambda m: m.group(1)[:-1] + "\\" + m.group(1)[-1], escape_markdown(text)).split("\n")


def md(text: str) -> str:
    """Inline (a heading, a list item, a name): a line break in the data reads as a space, as in HTML."""
    return " ".join(_lines(text))


def md_block(text: str) -> str:
    """In a paragraph: each line break in the data kept, as a hard break."""
    return "\\\n".join(_lines(text))


def _link(text: str, url: str | None) -> str:
    if url is None:
        return md(text)
    return f"[{md(text)}](" + "".join(_URL_ESCAPES.get(c, c) for c in url) + ")"


def _source(source: SourceView) -> str:
    parts = [_link(source.title, source.link)]
    if source.link is None and source.url:
        parts[0] += f" ({md(source.url)})"
    parts += [md(part) for part in (source.publisher, source.date) if part]
    return ", ".join(parts)


def _quote(quote: QuoteView) -> list[str]:
    lines = [f"> {line}\\" for line in _lines(quote.text)]
    lines[-1] = lines[-1][:-1]
    who = md(quote.speaker) + (f", {md(quote.role)}" if quote.role else "") + f" ({md(quote.party)})"
    if quote.date:
        who += f", {quote.date}" + {"source": " (the source's date)", "file": " (the factbox's date)"}.get(
            quote.date_basis or "", "")
    if quote.source:
        who += ", " + _link(quote.source.title, quote.source.link) + (
            f", {md(quote.source.publisher)}" if quote.source.publisher else "")
    lines += [">", f"> — {who}"]
    if quote.context:
        lines.append(">")
        lines.append(f"> *Context:* {md(quote.context)}")
    return [*lines, ""]


def _stance(stance: StanceView) -> str:
    if stance.stance is not None:
        label = f"{md(stance.label)} ({stance.stance})" if stance.label else stance.stance
        head = f"**{md(stance.party)}'s stance:** {label}, {stance.basis or 'basis not given'}."
    elif stance.summary is not None:
        head = f"**{md(stance.party)}'s position:** no stance scored" + (f", {stance.basis}." if stance.basis else ".")
    else:
        head = f"**{md(stance.party)}:** no position recorded; quoted."
    parts = [head]
    if stance.as_of:
        parts.append(f"Recorded {stance.as_of}.")
    if stance.carried_back:
        parts.append("Earliest known, carried back (not yet recorded then).")
    if stance.summary:
        parts.append(md_block(stance.summary))
    if stance.conditions:
        parts.append(f"*Conditions:* {md_block(stance.conditions)}")
    return " ".join(parts)


def write_markdown(page: Page) -> str:
    out = [f"# {md(page.title)}", ""]
    if page.description:
        out += [md_block(page.description), ""]
    meta = []
    if page.as_of:
        meta.append(f"*As of {page.as_of}.*")
    if page.sources:
        meta.append("Sources: " + "; ".join(_source(s) for s in page.sources) + ".")
    if meta:
        out += [" ".join(meta), ""]
    out += [line for note in page.notes for line in (f"*Note: {md(note)}.*", "")]
    out += ["## Where the parties stand", "", md(page.headline), ""]
    if page.furthest:
        out += ["**Furthest apart:** " + "; ".join(f"{md(r.title)} ({r.divergence}, {r.gap})"
                                                   for r in page.furthest) + ".", ""]
    common = "; ".join(f"{md(r.title)} ({r.divergence}" + (f", {r.gap})" if r.gap else ")") for r in page.common)
    out += ["**Common ground:** " + (common + "." if common else
                                     "none: on every scored issue one party rejects what another accepts."), ""]
    for section in page.sections:
        out += [f"{'#' * section.level} {md(section.title)}", ""]
        measure = section.divergence + (f", {section.gap}" if section.gap else "")
        out += [(f"*{md(section.question)}* " if section.question else "") + f"({measure})", ""]
        if not section.stances:
            out += ["No party shown holds a position on this issue.", ""]
        for stance in section.stances:
            out += [_stance(stance), ""]
            for quote in stance.quotes:
                out += _quote(quote)
    if page.unplaced:
        out += ["## Other quotes", ""]
        for quote in page.unplaced:
            out += _quote(quote)
    out += ["## Timeline", ""]
    out += [f"- **{e.date}** — {_KIND_WORDS[e.kind]}{md(e.text)}" for e in page.timeline] or ["Nothing dated."]
    out += ["", "---", "", f"Made with factbox {page.version} (format {page.format}) from {md(page.made_from)}.", ""]
    return "\n".join(out)
