"""Diplomap: the facts of a diplomatic event, as a map."""

__version__ = "0.1.0"
