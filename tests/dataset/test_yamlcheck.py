"""Every YAML file the project reads is checked one way: errors in the reader's own type,
naming the file (and the key)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from akasse.dataset.yamlcheck import YamlFile
from akasse.profiling.spec import SpecError, load_parameters, load_spec
from akasse.rules.params import ParameterError, load_parameter
from akasse.rules.reference import ReferenceDataError, load_reference
from akasse.sim.config import SimError, load_params


def test_it_names_the_file_and_the_key(tmp_path: Path) -> None:
    path = tmp_path / "satser.yaml"
    source = YamlFile(path, ParameterError)
    assert str(source.fail("values[0].from", "not a date")) == (
        "satser.yaml: values[0].from: not a date"
    )
    assert isinstance(source.problem("x"), ParameterError)
    assert str(YamlFile(path, SimError, full_path=True).problem("x")) == f"{path}: x"


def test_it_reads_a_mapping_or_says_what_is_wrong(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(SimError, match=r"^a.yaml: must be a mapping$"):
        YamlFile(path, SimError).mapping("must be a mapping")
    path.write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(SimError, match=r"^a.yaml: not valid YAML: while parsing"):
        YamlFile(path, SimError).mapping("must be a mapping", unreadable="not valid YAML")
    with pytest.raises(SimError, match=r"^missing.yaml: cannot be read: \[Errno 2\]"):
        YamlFile(tmp_path / "missing.yaml", SimError).mapping("must be a mapping")
    path.write_text("key: 1\n", encoding="utf-8")
    assert YamlFile(path, SimError).mapping("must be a mapping") == {"key": 1}


@pytest.mark.parametrize(
    ("load", "error"),
    [
        (load_parameter, ParameterError),
        (lambda p: load_reference(p, environment=False), ReferenceDataError),
        (load_spec, SpecError),
        (load_parameters, SpecError),
        (load_params, SimError),
    ],
)
def test_every_reader_reports_broken_yaml_as_its_own_error(
    tmp_path: Path, load: Callable[[Path], object], error: type[Exception]
) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("values: [unclosed\n", encoding="utf-8")
    with pytest.raises(error, match=r"broken\.yaml: "):
        load(path)
