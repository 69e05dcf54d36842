"""Qt translations: source strings are English, Vietnamese is the default language.

``.ts`` sources live in ``resources/i18n``; ``make`` builds the ``.qm`` files
next to them with ``pyside6-lrelease`` (built, not committed), and building the wheel
compiles them into the installed package (setup.py); ``resource_dir()`` finds either.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from counter_app.paths import resource_dir

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Switch to the language's catalogue; English needs none (the source strings)."""
    for previous in app.findChildren(QTranslator):
        app.removeTranslator(previous)
        previous.deleteLater()
    if language == "en":
        return None
    translator = QTranslator(app)
    qm = resource_dir() / "i18n" / f"counter_app_{language}.qm"
    if not translator.load(str(qm)):
        raise FileNotFoundError(
            f"translation {qm} is missing: run 'make' in a checkout, or reinstall the package"
        )
    app.installTranslator(translator)
    return translator
