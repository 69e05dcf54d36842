"""The local store: one SQLite file through sqlite-utils, migrations, the event log."""
