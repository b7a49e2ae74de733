from __future__ import annotations

import numpy as np
import pytest

from akasse.matching.card import age_group, parity


def test_age_groups_and_parity() -> None:
    assert age_group(np.array([18, 29, 30, 59, 60, 66])).tolist() == [
        "18-29",
        "18-29",
        "30-39",
        "50-59",
        "60+",
        "60+",
    ]
    hire = np.array([[0.2, 0.2], [0.1, np.nan], [0.3, 0.3]])
    out = parity(hire, np.array(["woman", "man", "woman"]))
    assert out["woman"][0] == 2
    assert out["woman"][1] == pytest.approx(0.25)
    assert out["man"][2] == pytest.approx(0.1 / 0.2)
