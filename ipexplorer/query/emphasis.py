"""The report's bold run-in headings, shown as bold rather than as the text's own asterisks.

The report's text marks a paragraph's bold lead-in sentences as **…** (as its PDF printed them:
"…出台政策文件70余件。**优化质押登记和专利评估服务。**设立质押登记绿色通道…"). The text and the search index keep
them as printed; a view of a paragraph shows them bold (HTML) or leaves them out (plain text).
"""

from __future__ import annotations

import re

_RUN_IN = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_MARK = "**"


def emphasis_html(escaped: str) -> str:
    """Already HTML-escaped report text with each **…** as <b>…</b>, and a lone ** (a snippet cut between a
    pair) dropped."""
    return _RUN_IN.sub(r"<b>\1</b>", escaped).replace(_MARK, "")


def without_emphasis(text: str) -> str:
    """Report text without its ** marks."""
    return text.replace(_MARK, "")
