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


_MARKS = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def _toned_syllable(syllable: str) -> str:
    """"guang3" → "guǎng", "lv4" → "lǜ"; a neutral tone (5, or none) keeps its vowels plain."""
    tone = int(syllable[-1]) if syllable[-1:].isdigit() else 5
    letters = syllable.rstrip("0123456789").replace("u:", "ü").replace("v", "ü")
    if not 1 <= tone <= 4:
        return letters
    # the mark goes on a or e; on the o of ou; else on the last vowel
    at = next((letters.index(v) for v in "ae" if v in letters), None)
    if at is None:
        at = letters.index("o") if "ou" in letters else max(
            (i for i, ch in enumerate(letters) if ch in _MARKS), default=None)
    if at is None:
        return letters
    return letters[:at] + _MARKS[letters[at]][tone - 1] + letters[at + 1:]


def toned_pinyin(key: str) -> str:
    """A name's pinyin as it is written, from its sort key's numbered syllables ("xi1 an1" → "Xī'ān", "a1 er3 ba1
    ni2 ya4" → "Ā'ěrbāníyà"): one word, capitalised, an apostrophe before a syllable that starts with a, e or o."""
    word = ""
    for syllable in key.split():
        toned = _toned_syllable(syllable.lower())
        word += ("'" if word and toned[:1] in "aeoāáǎàēéěèōóǒò" else "") + toned
    return word[:1].upper() + word[1:]
