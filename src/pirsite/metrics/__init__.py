"""Program metrics: pure functions from checked records (no I/O, no mkdocs)."""

from .compute import Metrics, compute

__all__ = ["Metrics", "compute"]
