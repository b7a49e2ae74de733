"""Legal parameters: YAML files with dated values, each value carrying its legal reference.

Amounts change in YAML, logic changes in code. Every file in ``parameters/`` has a
``description``, a ``unit`` and a list of ``values``; each value has ``from`` (the first date it
applies), ``value`` and ``reference``, and may have ``law``: the paragraph of the law or
bekendtgørelse the value rests on, where ``reference`` may name a study or a STAR page. Files
are validated on load and errors name the file and the key, so a wrong edit by legal staff
fails loudly instead of planning the country wrongly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from akasse.dataset.yamlcheck import YamlFile

PARAMETER_DIR = Path(__file__).with_name("parameters")


class ParameterError(ValueError):
    """A parameter file is malformed or has no value for the date asked for."""


@dataclass(frozen=True)
class DatedValue:
    start: dt.date
    value: Any
    reference: str
    law: str | None = None


@dataclass(frozen=True)
class Parameter:
    """One legal quantity with its values over time."""

    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]

    def entry_at(self, day: dt.date) -> DatedValue:
        """The value in force on ``day`` (the latest value whose ``from`` is on or before it)."""
        found = [v for v in self.values if v.start <= day]
        if not found:
            first = self.values[0].start.isoformat()
            raise ParameterError(
                f"{self.name}: no value in force on {day.isoformat()} (first value from {first})"
            )
        return found[-1]

    def at(self, day: dt.date) -> Any:
        return self.entry_at(day).value


LAW_PROBLEM = (
    "must name the law or bekendtgørelse and its paragraph, e.g. 'Lov om en aktiv "
    "beskæftigelsesindsats § 31, stk. 1', or be null where the sources name no paragraph"
)


def law_text_ok(law: Any) -> bool:
    """A law reference is a non-empty text, or null: the sources name no paragraph (said
    openly rather than left out by mistake)."""
    return law is None or (isinstance(law, str) and bool(law.strip()))


def _parse_value(source: YamlFile[ParameterError], index: int, raw: Any) -> DatedValue:
    key = f"values[{index}]"
    if not isinstance(raw, dict):
        raise source.fail(key, "must be a mapping with from, value and reference")
    missing = {"from", "value", "reference"} - raw.keys()
    if missing:
        raise source.fail(key, f"missing {', '.join(sorted(missing))}")
    start = raw["from"]
    if not isinstance(start, dt.date):
        raise source.fail(f"{key}.from", f"{start!r} is not a date (write YYYY-MM-DD)")
    reference = raw["reference"]
    if not isinstance(reference, str) or not reference.strip():
        raise source.fail(f"{key}.reference", "every value needs a legal reference")
    law = raw.get("law")
    if "law" in raw and not law_text_ok(law):
        raise source.fail(f"{key}.law", LAW_PROBLEM)
    return DatedValue(
        start=start,
        value=raw["value"],
        reference=reference.strip(),
        law=law.strip() if isinstance(law, str) else None,
    )


def load_parameter(path: Path) -> Parameter:
    """Read and validate one parameter file."""
    source = YamlFile(path, ParameterError)
    raw = source.mapping(
        "must be a mapping with description, unit and values", unreadable="not valid YAML"
    )
    for key in ("description", "unit", "values"):
        if key not in raw:
            raise source.fail(key, "missing")
    values = raw["values"]
    if not isinstance(values, list) or not values:
        raise source.fail("values", "must be a non-empty list")
    parsed = tuple(_parse_value(source, i, v) for i, v in enumerate(values))
    starts = [v.start for v in parsed]
    if starts != sorted(starts):
        raise source.fail("values", "must be in order of their from dates")
    return Parameter(path.stem, str(raw["description"]), str(raw["unit"]), parsed)


@cache
def load_parameters(directory: Path = PARAMETER_DIR) -> dict[str, Parameter]:
    """All parameter files of a directory, by file name without ``.yaml``."""
    return {p.stem: load_parameter(p) for p in sorted(directory.glob("*.yaml"))}
