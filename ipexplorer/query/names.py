"""One rule for naming a thing of the report's in a language: its Chinese name, its English name, or both.

Charts, maps, the timeline and the columns' titles and groups each joined the two names their own way (" · " or a
space; a year twice, "2019年 2019"; the English left out when the Chinese held it); every place that writes "Chinese
English" asks here.
"""

from __future__ import annotations


def name_text(zh: str, en: str, language: str = "both") -> str:
    """`zh`, `en`, or with `both` "广东 Guangdong": the Chinese alone where the English adds nothing (the same
    name, none, or a year: "2019年" for 2019)."""
    if language == "en":
        return en or zh
    if language == "zh" or not en or zh == en or zh == f"{en}年":
        return zh
    return f"{zh} {en}"


def unit_text(zh: str, en: str) -> str:
    """A unit as an export writes it, "件 · items": the Chinese alone where the English adds nothing (the same
    unit, or none)."""
    return zh if not en or zh == en else f"{zh} · {en}"
