"""Moving comments in and out: importers for WordPress, Disqus, Isso and our JSON, and the exports.

Each format has a reader that turns a file into records (`records.py`); `core.py` alone writes
them, in one transaction, so every format follows the same status rules and an import is all or
nothing. `cli.py` holds the `flask import` and `flask export` commands.
"""

from .core import Importer, ImportOptions, parse_maps, renumber_threads, run_import
from .export import EXPORT_FORMAT, EXPORT_VERSION, export_json, export_wxr
from .records import ImportFailed, Report

__all__ = ["EXPORT_FORMAT", "EXPORT_VERSION", "ImportFailed", "ImportOptions", "Importer", "Report",
           "export_json", "export_wxr", "parse_maps", "renumber_threads", "run_import"]
