"""A dataset (docs/data.md) into the case database and the database back out as a dataset.

The functions live in modules that import Django's models, so they are reached lazily: the
command line (``akasse.web.dataio.cli``) imports this package before Django is set up."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from akasse.web.dataio.export import export_dataset
    from akasse.web.dataio.load import check_dataset, load_dataset

__all__ = ["check_dataset", "export_dataset", "load_dataset"]

_MODULES = {"check_dataset": "load", "load_dataset": "load", "export_dataset": "export"}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
