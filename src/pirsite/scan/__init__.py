"""Personal data and secrets in published text: detectors, secrets, the line scanner."""

from .scanner import Finding, scan_text
from .settings import ScanSettings

__all__ = ["Finding", "ScanSettings", "scan_text"]
