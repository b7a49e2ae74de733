"""The profiling model's inputs (``features.yaml``) and parameters (``parameters.yaml``): loaded,
checked on load with errors naming file and key, and written into a model file so a trained
model carries its own definitions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from akasse.dataset.yamlcheck import YamlFile

HERE = Path(__file__).parent
FEATURES = HERE / "features.yaml"
PARAMETERS = HERE / "parameters.yaml"
KINDS = ("category", "bins", "number", "flag")
QUESTIONNAIRE = "questionnaire"


class ProfilingError(ValueError):
    """Base of the profiling tool's errors: the message says what is wrong and where."""


class SpecError(ProfilingError):
    """A YAML file of the tool, or a ``--features`` list, is not as documented."""


@dataclass(frozen=True)
class Feature:
    """One input: how it is read, encoded and put into words."""

    name: str
    kind: str
    label: str
    levels: tuple[tuple[str, str], ...] = ()  # (code, Danish text), codes as strings
    reference: str | None = None
    int_codes: bool = False  # category codes are whole numbers (DISCO)
    edges: tuple[float, ...] = ()
    cap: float | None = None
    per: float = 1.0
    unit: str = ""
    text: str = ""
    text_true: str = ""
    text_false: str = ""
    range: tuple[float, float] | None = None
    questionnaire: bool = False
    default: bool = True

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.levels)

    def level_text(self, code: str) -> str:
        return dict(self.levels)[code]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "kind": self.kind, "label": self.label}
        optional = {
            "levels": [list(level) for level in self.levels],
            "reference": self.reference,
            "int_codes": self.int_codes,
            "edges": list(self.edges),
            "cap": self.cap,
            "per": self.per if self.per != 1.0 else None,
            "unit": self.unit,
            "text": self.text,
            "text_true": self.text_true,
            "text_false": self.text_false,
            "range": list(self.range) if self.range else None,
            "questionnaire": self.questionnaire,
        }
        return out | {k: v for k, v in optional.items() if v not in (None, "", [], False)}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Feature:
        return cls(
            name=str(raw["name"]),
            kind=str(raw["kind"]),
            label=str(raw["label"]),
            levels=tuple((str(c), str(t)) for c, t in raw.get("levels", [])),
            reference=None if raw.get("reference") is None else str(raw["reference"]),
            int_codes=bool(raw.get("int_codes", False)),
            edges=tuple(float(e) for e in raw.get("edges", [])),
            cap=None if raw.get("cap") is None else float(raw["cap"]),
            per=float(raw.get("per") or 1.0),
            unit=str(raw.get("unit", "")),
            text=str(raw.get("text", "")),
            text_true=str(raw.get("text_true", "")),
            text_false=str(raw.get("text_false", "")),
            range=_pair(raw["range"]) if raw.get("range") else None,
            questionnaire=bool(raw.get("questionnaire", False)),
        )


@dataclass(frozen=True)
class Spec:
    """Every input the tool knows, and the questionnaire indicator's words."""

    features: dict[str, Feature]
    questionnaire: Feature = field(
        default_factory=lambda: Feature(QUESTIONNAIRE, "flag", "spørgeskema")
    )

    @property
    def defaults(self) -> list[str]:
        return [name for name, f in self.features.items() if f.default]

    def select(self, names: Sequence[str]) -> list[Feature]:
        return [self.features[name] for name in names]


def _pair(raw: Any) -> tuple[float, float]:
    low, high = raw
    return float(low), float(high)


def _feature(source: YamlFile[SpecError], name: str, raw: Any) -> Feature:
    key = f"features.{name}"
    if not isinstance(raw, dict):
        raise source.fail(key, "expected a mapping")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise source.fail(f"{key}.kind", f"{kind!r} is not one of {', '.join(KINDS)}")
    if "label" not in raw:
        raise source.fail(f"{key}.label", "missing")
    levels = raw.get("levels", {})
    if kind in ("category", "bins"):
        if not isinstance(levels, dict) or len(levels) < 2:
            raise source.fail(f"{key}.levels", "give at least two levels, code: Danish text")
        if str(raw.get("reference")) not in {str(c) for c in levels}:
            raise source.fail(f"{key}.reference", f"{raw.get('reference')!r} is not a level")
    if kind == "bins" and len(raw.get("edges", [])) != len(levels) - 1:
        raise source.fail(f"{key}.edges", "give one edge fewer than there are levels")
    if kind == "flag" and not (raw.get("text_true") and raw.get("text_false")):
        raise source.fail(key, "a flag needs text_true and text_false")
    if kind == "number" and "{value}" not in str(raw.get("text", "")):
        raise source.fail(f"{key}.text", "a number's text must contain {value}")
    int_codes = kind == "category" and all(isinstance(c, int) for c in levels)
    feature = Feature.from_dict(
        {
            **raw,
            "name": name,
            "levels": [[c, t] for c, t in levels.items()] if isinstance(levels, dict) else [],
            "int_codes": int_codes,
        }
    )
    return replace(feature, default=bool(raw.get("default", True)))


@cache
def load_spec(path: Path = FEATURES) -> Spec:
    """The inputs of ``features.yaml``, checked."""
    source = YamlFile(path, SpecError)
    raw = source.mapping("features: expected a mapping of feature names")
    if not isinstance(raw.get("features"), dict):
        raise source.fail("features", "expected a mapping of feature names")
    features = {str(n): _feature(source, str(n), f) for n, f in raw["features"].items()}
    q = raw.get(QUESTIONNAIRE) or {}
    if not (q.get("text_true") and q.get("text_false")):
        raise source.fail(QUESTIONNAIRE, "give label, text_true and text_false")
    indicator = Feature(
        QUESTIONNAIRE,
        "flag",
        str(q.get("label", "spørgeskema")),
        text_true=str(q["text_true"]),
        text_false=str(q["text_false"]),
    )
    return Spec(features, indicator)


@cache
def load_parameters(path: Path = PARAMETERS) -> dict[str, Any]:
    """``parameters.yaml``, with the keys the tool reads checked."""
    source = YamlFile(path, SpecError)
    raw = source.mapping("target: missing")
    for section, keys in {
        "target": ("weeks", "share"),
        "split": ("test_share", "seed"),
        "target_groups": ("threshold", "labels", "change_field"),
        "explanation": ("min_contribution", "max_factors"),
        "challenger": ("max_iter", "learning_rate"),
    }.items():
        if not isinstance(raw.get(section), dict):
            raise source.fail(section, "missing")
        for key in keys:
            if key not in raw[section]:
                raise source.fail(f"{section}.{key}", "missing")
    share = float(raw["split"]["test_share"])
    if not 0 < share < 1:
        raise source.fail("split.test_share", f"{share} is not between 0 and 1")
    return dict(raw)


def choose_features(option: str | None, spec: Spec | None = None) -> list[str]:
    """The features a ``--features`` option names: a comma-separated list replaces the default
    set; entries written +name or -name add to or take from it (e.g. ``+origin``)."""
    spec = spec or load_spec()
    if option is None or not option.strip():
        return spec.defaults
    items = [item.strip() for item in option.split(",") if item.strip()]
    signed = [item[0] in "+-" for item in items]
    if any(signed) and not all(signed):
        raise SpecError(
            f"--features {option!r}: either list the features, or change the default set with "
            "+name and -name, not both"
        )
    for item in items:
        name = item.lstrip("+-")
        if name not in spec.features:
            known = ", ".join(spec.features)
            raise SpecError(f"--features: unknown feature {name!r}; choose from: {known}")
    if not all(signed):
        return list(dict.fromkeys(items))
    chosen = list(spec.defaults)
    for item in items:
        name = item[1:]
        if item[0] == "+" and name not in chosen:
            chosen.append(name)
        elif item[0] == "-" and name in chosen:
            chosen.remove(name)
    if not chosen:
        raise SpecError(f"--features {option!r}: leaves no features")
    return [name for name in spec.features if name in chosen]
