"""The interface language: chosen once at start (system locale or the user's choice), applied by Qt translators.

Source strings are English, wrapped in `tr()` / `QCoreApplication.translate()`; the Chinese lives in
`resources/i18n/*.ts` (edited with Qt Linguist or by hand) and is compiled by `pyside6-lrelease` into
`resources/i18n/ipexplorer_zh_CN.qm` (see `tools/translations.py`). Qt widgets keep the text they were
built with, so a change of language installs the translators and rebuilds the main window.

The report's own names (table titles, regions, measures, units) are data with both languages in the
database; the table explorer's Names setting chooses among them independently of the interface.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ipexplorer.paths import package_file

log = logging.getLogger(__name__)

SYSTEM = "system"
LANGUAGES = {"zh_CN": "中文", "en": "English"}   # each shown in its own language
QM_NAME = "ipexplorer_zh_CN.qm"

_current = "en"
_translators: list[QTranslator] = []


def i18n_dir() -> Path:
    """The installed translation folder (the repository's resources/i18n)."""
    return package_file("ipexplorer.resources", "i18n")


def resolve(choice: str, locale: QLocale | None = None) -> str:
    """`zh_CN` or `en` for a setting of `system`, `zh_CN` or `en`: any Chinese locale gets Chinese."""
    if choice in LANGUAGES:
        return choice
    locale = locale or QLocale.system()
    languages = [locale.name(), *locale.uiLanguages()]
    return "zh_CN" if any(name.lower().startswith("zh") for name in languages) else "en"


def install(choice: str = SYSTEM, app: QCoreApplication | None = None) -> str:
    """Load the translators for `choice` into the application; returns the language now in use."""
    global _current
    app = app or QCoreApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    _current = resolve(choice)
    if _current == "en":
        QLocale.setDefault(QLocale("en_US"))
        return _current
    QLocale.setDefault(QLocale("zh_CN"))
    ours = QTranslator(app)
    if ours.load(str(i18n_dir() / QM_NAME)):
        app.installTranslator(ours)
        _translators.append(ours)
    else:
        log.warning("translation %s not found; the interface stays in English", i18n_dir() / QM_NAME)
        _current = "en"
        return _current
    qt = QTranslator(app)   # Qt's own dialogs and buttons (OK, Cancel, file dialogs)
    if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)
    return _current


def language() -> str:
    """The interface language in use: `zh_CN` or `en`."""
    return _current


def is_chinese() -> bool:
    return _current == "zh_CN"


def pick(zh: str, en: str) -> str:
    """Of a pair of names from the data, the one in the interface language."""
    return zh if _current == "zh_CN" else en
