"""Personal data and secrets in published text: detectors, secrets, the line scanner."""

from .scanner import FINDING_CODES, Finding, scan_text
from .settings import ScanSettings

__all__ = ["FINDING_CODES", "Finding", "ScanSettings", "scan_text"]
