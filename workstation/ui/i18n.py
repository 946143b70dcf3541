"""Qt translations: our strings from resources/i18n/workstation_<lang>.qm, Qt's own from PySide6."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from workstation.resources import resource_path

log = logging.getLogger(__name__)

#: Languages the seat can choose, by Qt locale code. Source strings are English.
LANGUAGES = {"zh_CN": "简体中文", "en": "English"}


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install the translators for `language`; returns them (they must outlive the app's use of them)."""
    if language not in LANGUAGES:
        log.warning("unknown language %s, using zh_CN", language)
        language = "zh_CN"
    QLocale.setDefault(QLocale(language))
    if language == "en":
        return []
    installed = []
    for directory, name in (
        (str(resource_path("i18n")), f"workstation_{language}"),
        (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), f"qtbase_{language}"),
    ):
        translator = QTranslator(app)
        if translator.load(name, directory):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, directory)
    return installed
