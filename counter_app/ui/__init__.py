"""The Qt layer: windows, views, Qt models, dialogs. The only package that imports PySide6."""
