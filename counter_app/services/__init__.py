"""Use cases that join the domain with storage (and later printers and sync); no Qt."""
