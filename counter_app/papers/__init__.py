"""What goes on paper: thermal layouts (printers documents) and the legal PDF forms."""
