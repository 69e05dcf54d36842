"""Qt translations: source strings are English, Vietnamese is the default language.

``.ts`` sources live in ``resources/i18n``; ``make`` builds the ``.qm`` files
next to them with ``pyside6-lrelease`` (built, not committed), and building the wheel
compiles them into the installed package (setup.py); ``resource_dir()`` finds either.

English has a catalogue too, of the counted strings only (``lupdate -pluralonly``):
the source says "%n dossier(s)", the catalogue "1 dossier" and "2 dossiers".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from counter_app.paths import resource_dir

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
# The widgets' own words and numbers (a calendar's months and days, a spin box's digit
# groups) follow the language chosen, not the PC's locale: often English, or C.
LOCALES = {
    "vi": QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),
}


def install_translator(app: QCoreApplication, language: str) -> QTranslator:
    """Switch to the language's catalogue (English's holds only its plural forms)."""
    for previous in app.findChildren(QTranslator):
        app.removeTranslator(previous)
        previous.deleteLater()
    translator = QTranslator(app)
    qm = resource_dir() / "i18n" / f"counter_app_{language}.qm"
    if not translator.load(str(qm)):
        raise FileNotFoundError(
            f"translation {qm} is missing: run 'make' in a checkout, or reinstall the package"
        )
    app.installTranslator(translator)
    QLocale.setDefault(LOCALES.get(language, LOCALES[DEFAULT_LANGUAGE]))
    return translator
