"""``akasse examples`` plans every bundled example and shows it in Danish."""

from __future__ import annotations

import json
from importlib import resources

from rich.console import Console

from akasse.examples import run_examples


def test_it_shows_every_bundled_example_with_its_deadlines() -> None:
    console = Console(record=True, width=140, color_system=None)
    assert run_examples(console) == 0
    text = console.export_text()
    examples = [
        p
        for p in resources.files("akasse.rules").joinpath("examples").iterdir()
        if p.name.endswith(".json")
    ]
    assert len(examples) >= 6
    for path in examples:
        assert json.loads(path.read_text(encoding="utf-8"))["title"] in text
    for words in (
        "Overgang til jobcentret: 2022-05-31 (fremskrevet)",
        "overskredet",
        "for sent",
        "Omfattet af akutpakken",
        "Næste frist:",
        "Hjemmel:",
        "telefon tæller kun i covid-19-perioderne",
    ):
        assert words in text
