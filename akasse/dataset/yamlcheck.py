"""One way to read and check the project's YAML files: the rules' parameters and reference
data, the simulator's parameters and the profiling tool's settings. Every error is the caller's
own exception type and names the file and the key, so a wrong edit fails loudly and says where
(architecture.md, house style 1 and 9)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml

E = TypeVar("E", bound=Exception)


class YamlFile(Generic[E]):
    """A YAML file being checked; ``error`` makes the caller's exception from a message.
    Messages start with the file's name (or its whole path with ``full_path``)."""

    def __init__(self, path: Path, error: Callable[[str], E], *, full_path: bool = False):
        self.path = path
        self.error = error
        self.label = str(path) if full_path else path.name

    def problem(self, text: str) -> E:
        """``<file>: <text>``, for a problem with the file as a whole."""
        return self.error(f"{self.label}: {text}")

    def fail(self, key: str, problem: str) -> E:
        """``<file>: <key>: <problem>``, ``key`` a dotted path such as ``values[0].from``."""
        return self.problem(f"{key}: {problem}")

    def mapping(self, not_a_mapping: str, *, unreadable: str = "cannot be read") -> dict[str, Any]:
        """The file's top level, which must be a mapping; ``not_a_mapping`` says what it
        should hold, ``unreadable`` prefixes a read or YAML syntax error."""
        try:
            raw = yaml.safe_load(self.path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise self.problem(f"{unreadable}: {exc}") from exc
        if not isinstance(raw, dict):
            raise self.problem(not_a_mapping)
        return raw
