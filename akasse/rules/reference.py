"""Reference data: the 98 municipalities and the trial municipality lists per fund.

The bundled lists are what public sources name (``reference/*.yaml``). A fund administrator
can override or complete them with a YAML file of the same ``funds:`` shape, given as
``load_reference(override=PATH)`` or in the environment variable ``AKASSE_TRIAL_LISTS``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from akasse.dataset.yamlcheck import YamlFile

REFERENCE_DIR = Path(__file__).with_name("reference")
OVERRIDE_ENV = "AKASSE_TRIAL_LISTS"


class ReferenceDataError(ValueError):
    """Reference data is malformed, or a lookup needs data nobody has configured."""


@dataclass(frozen=True)
class FundTrial:
    fund: str
    name: str
    municipality_count: int
    municipalities: frozenset[str] | None  # None: list not configured
    source: str


@dataclass(frozen=True)
class Reference:
    municipalities: dict[str, str]  # code -> name
    free_municipalities: frozenset[str]
    funds: dict[str, FundTrial]
    source: str

    def in_trial(self, fund: str, municipality: str) -> bool:
        """Whether ``fund`` ran the trial in ``municipality``; a fund outside the trial is not."""
        trial = self.funds.get(fund)
        if trial is None:
            return False
        if trial.municipalities is None:
            raise ReferenceDataError(
                f"trial: the trial municipalities of {fund} are not configured, so "
                f'participation in {municipality} cannot be looked up; give "trial": true or '
                f"false, or configure the list in a file named by {OVERRIDE_ENV}"
            )
        return municipality in trial.municipalities


def _read(path: Path) -> dict[str, Any]:
    return YamlFile(path, ReferenceDataError, full_path=True).mapping("must be a mapping")


def _fund(
    path: Path, fund: str, raw: Any, everywhere: frozenset[str], free: frozenset[str]
) -> FundTrial:
    where = f"{path.name}: funds.{fund}"
    if not isinstance(raw, dict) or "scope" not in raw:
        raise ReferenceDataError(f"{where}: needs scope (all_except_free or list)")
    count = int(raw.get("municipality_count", 0))
    codes: frozenset[str] | None
    if raw["scope"] == "all_except_free":
        codes = everywhere - free
    elif raw["scope"] == "list":
        listed = raw.get("municipalities")
        codes = None if listed is None else frozenset(str(c) for c in listed)
    else:
        raise ReferenceDataError(f"{where}.scope: {raw['scope']!r} is not all_except_free or list")
    if codes is not None:
        unknown = sorted(c for c in codes if c not in everywhere)
        if unknown:
            raise ReferenceDataError(f"{where}.municipalities: unknown codes {unknown}")
        excluded = sorted(codes & free)
        if excluded:
            raise ReferenceDataError(
                f"{where}.municipalities: {excluded} are free municipalities (frikommuner), "
                "which no fund ran the trial in"
            )
        if count and len(codes) != count:
            raise ReferenceDataError(
                f"{where}: lists {len(codes)} municipalities but municipality_count is {count}"
            )
    source = str(raw.get("source", ""))
    return FundTrial(fund, str(raw.get("name", fund)), count, codes, source)


@cache
def load_reference(override: Path | None = None, *, environment: bool = True) -> Reference:
    """The bundled reference data, with the override file's funds replacing bundled ones
    (the file named by the environment variable unless ``environment`` is False)."""
    municipalities_raw = _read(REFERENCE_DIR / "municipalities.yaml")
    municipalities = {str(m["code"]): str(m["name"]) for m in municipalities_raw["municipalities"]}
    free = frozenset(str(c) for c in municipalities_raw["free_municipalities"]["codes"])
    everywhere = frozenset(municipalities)
    funds_path = REFERENCE_DIR / "trial_funds.yaml"
    funds_raw = _read(funds_path)
    funds = {
        name: _fund(funds_path, name, raw, everywhere, free)
        for name, raw in funds_raw["funds"].items()
    }
    if override is None and environment and os.environ.get(OVERRIDE_ENV):
        override = Path(os.environ[OVERRIDE_ENV])
    if override is not None:
        extra = _read(override).get("funds") or {}
        for name, raw in extra.items():
            funds[str(name)] = _fund(override, str(name), raw, everywhere, free)
    for code in municipalities:
        if len(code) != 4 or not code.isdigit():
            raise ReferenceDataError(f"municipalities.yaml: code {code!r} is not 4 digits")
    return Reference(municipalities, free, funds, str(funds_raw.get("reference", "")))
