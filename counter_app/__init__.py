"""Quầy Một Cửa: the desktop application of Vietnamese one-stop counters."""

__version__ = "0.1.0"
