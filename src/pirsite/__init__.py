"""pirsite: an incident response program kept in git."""

__version__ = "0.1.0"
