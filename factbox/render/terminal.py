"""What every terminal writer shares: a Rich console that obeys the resolved output, and
untrusted text turned into Rich `Text` that can never be read as markup or reach the
terminal as a control sequence."""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

from .output import Output
from .sanitize import visible


def console_for(output: Output) -> Console:
    return Console(
        file=output.stream,
        width=output.width,
        force_terminal=output.color,
        color_system="auto" if output.color else None,
        no_color=not output.color,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=False,
    )


def shown(value: str) -> str:
    """Untrusted text as a terminal shows it: controls escaped, newlines kept, tabs as spaces."""
    return visible(value.replace("\r\n", "\n"), keep_newlines=True).replace("\t", "    ")


def data_text(value: str, style: str = "", highlight: tuple[str, ...] = ()) -> Text:
    """Untrusted text as a Rich Text (`shown`), with terms highlighted."""
    text = Text(shown(value), style=style)
    for term in highlight:
        if term:
            text.highlight_regex(re.compile(re.escape(term), re.IGNORECASE), style="bold reverse")
    return text
