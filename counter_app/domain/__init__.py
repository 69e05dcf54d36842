"""Pure rules of the one-stop counter: no I/O beyond reading given data, no Qt.

Modules here depend only on the standard library and small pure libraries
(``holidays``). They return codes and values; text for people is produced at
the edge (UI translations, printed templates, the English command line).
"""
