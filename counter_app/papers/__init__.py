"""What goes on paper: thermal layouts (printers documents) and the legal PDF forms.

The package itself is light, so the command line's parser can offer the form numbers;
the PDF modules bring reportlab and are imported when a form is drawn.
"""

# The forms of Circular 03/2025/TT-VPCP, Phụ lục I: 01–06 are a dossier's, 07 is the
# register book of a period.
FORM_NUMBERS = ("01", "02", "03", "04", "05", "06", "07")
DOSSIER_FORMS = FORM_NUMBERS[:6]
REGISTER_FORM = "07"
