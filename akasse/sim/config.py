"""The simulator's parameters (``parameters.yaml``) and scales, validated on load."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from akasse.dataset.yamlcheck import YamlFile

PARAMETERS = Path(__file__).with_name("parameters.yaml")
EPOCH = dt.date(1970, 1, 1)


class SimError(ValueError):
    """Bad input to the simulator or to the calibration check; the message says what to fix."""


def day(value: str | dt.date) -> int:
    """Days since 1970-01-01 of an ISO date (the simulator's internal date unit)."""
    date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    return (date - EPOCH).days


@dataclass(frozen=True)
class Scale:
    name: str
    description: str
    spells_per_year: int
    funds: tuple[str, ...]

    @property
    def factor(self) -> float:
        """This scale's size relative to the national population of new spells."""
        return self.spells_per_year / NATIONAL_SPELLS_PER_YEAR


NATIONAL_SPELLS_PER_YEAR = 150_000


class Params:
    """The parsed parameter file; sections are plain dicts, read through ``section``."""

    def __init__(self, raw: dict[str, Any], source: Path) -> None:
        self.raw = raw
        self.source = source
        for key in ("period", "scales", "inflow", "funds", "members", "risk_model", "durations"):
            self.section(key)

    def section(self, key: str) -> dict[str, Any]:
        value = self.raw.get(key)
        if not isinstance(value, dict):
            raise SimError(f"{self.source}: section {key!r} is missing or not a mapping")
        return value

    def value(self, section: str, key: str) -> Any:
        sec = self.section(section)
        if key not in sec:
            raise SimError(f"{self.source}: {section}.{key} is missing")
        return sec[key]

    def day(self, key: str) -> int:
        return day(self.value("period", key))

    def scale(self, name: str) -> Scale:
        scales = self.section("scales")
        if name not in scales:
            known = ", ".join(scales)
            raise SimError(f"unknown scale {name!r}; choose one of: {known}")
        raw = scales[name]
        all_funds = tuple(self.section("funds"))
        funds = all_funds if raw["funds"] == "all" else tuple(raw["funds"])
        for fund in funds:
            if fund not in all_funds:
                raise SimError(f"{self.source}: scales.{name}.funds names unknown fund {fund!r}")
        return Scale(name, str(raw["description"]), int(raw["spells_per_year"]), funds)


def load_params(path: Path = PARAMETERS) -> Params:
    raw = YamlFile(path, SimError, full_path=True).mapping("expected a mapping at the top level")
    return Params(raw, path)
