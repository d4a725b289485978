"""The MkDocs plugin: the only module that imports mkdocs.

For now it guards the build: it runs the same pipeline as `pirsite check` and
fails the build, with the same messages, when a record is invalid, so a site is
never built from invalid data. Page generation arrives with the site issue.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .output import text_line
from .pipeline import check
from .problems import ConfigError

log = logging.getLogger("mkdocs.plugins.pirsite")


class PirsiteConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))  # repository root; default: the folder of mkdocs.yml


class PirsitePlugin(BasePlugin[PirsiteConfig]):
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(self.config.root or Path(config.config_file_path).parent)
        try:
            result = check(root)
        except ConfigError as exc:
            raise PluginError("\n".join([*map(text_line, exc.problems), exc.message])) from None
        for problem in result.problems:
            if problem.level == "warning":
                log.info(text_line(problem))
        if result.errors:
            lines = [text_line(p) for p in result.problems if p.level == "error"]
            raise PluginError(f"{result.errors} invalid record(s); fix them first:\n" + "\n".join(lines))
        return config
