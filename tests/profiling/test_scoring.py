"""Scoring one member and a whole table: the same answers, explanations in Danish, missing
answers reported, and clear errors for inputs the model cannot score."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import polars as pl
import pytest
from scipy.special import logit

from akasse.profiling import FeatureError, ProfilingModel, score, score_frame
from akasse.profiling.spec import load_spec
from akasse.profiling.training import Trained

BARRIERS = [name for name in load_spec().features if name.startswith("barrier_")]


def _member(**changes: Any) -> dict[str, Any]:
    member: dict[str, Any] = {
        "spell_id": 1,
        "age": 35,
        "gender": "woman",
        "education": "vocational",
        "origin": "danish",
        "region": "Midtjylland",
        "work_experience_years": 12.5,
        "from_sickness_benefit": False,
        "prior_dagpenge_weeks": 0,
        "prior_spells": 0,
        "disco_major": 5,
        "industry": "health_social",
        "new_graduate": False,
        "previous_income": 380,
        "children_at_home": True,
        "expect_job": "within_3_months",
        **dict.fromkeys(BARRIERS, False),
    }
    return member | changes


def test_it_scores_a_table_as_it_scores_each_member(trained: Trained) -> None:
    frame = trained.data.frame.sample(3_000, seed=7)
    assert frame["expect_job"].null_count() > 100  # unanswered questionnaires are among them
    batch = score_frame(trained.model, frame)
    for row, expected in zip(frame.iter_rows(named=True), batch.iter_rows(named=True), strict=True):
        one = score(trained.model, row)
        assert one.risk == pytest.approx(expected["risk"], abs=1e-12)
        assert one.target_group == expected["target_group"]
        assert list(one.missing) == expected["missing"]
    assert set(batch["target_group"]) == {"1", "2a", "2b"}


def test_it_scores_an_unanswered_questionnaire_and_says_so(trained: Trained) -> None:
    member = _member(expect_job=None, **dict.fromkeys(BARRIERS, None))
    assessment = score(trained.model, member)
    assert 0 < assessment.risk < 1
    assert assessment.missing == ("expect_job", *BARRIERS)
    assert assessment.missing_text[:2] == (
        "Hvor hurtigt tror du, at du får et arbejde?",
        "Svært at få job: fysisk helbred",
    )


def test_it_takes_a_blank_answer_as_no_answer(trained: Trained) -> None:
    blank = score(trained.model, _member(expect_job=""))
    assert blank.missing == ("expect_job",)
    assert blank.risk == score(trained.model, _member(expect_job=None)).risk
    frame = pl.DataFrame([_member(expect_job=""), _member(expect_job=None)])
    assert score_frame(trained.model, frame)["missing"].to_list() == [["expect_job"]] * 2


def test_it_gives_an_assessment_as_json(trained: Trained) -> None:
    member = _member(barrier_reading_spelling=True, expect_job=None)
    content = json.loads(json.dumps(score(trained.model, member).to_dict()))
    assert content["missing"] == ["expect_job"]
    assert {"code", "title"} == set(content["activities"][0])
    assert {"feature", "text", "contribution", "raises"} == set(content["factors"][0])


def test_it_scores_a_partly_answered_questionnaire(trained: Trained) -> None:
    answered = score(trained.model, _member(expect_job="over_6_months"))
    partly = score(trained.model, _member(expect_job="over_6_months", barrier_other=None))
    absent = _member(expect_job="over_6_months")
    del absent["barrier_language"]
    assert partly.missing == ("barrier_other",)
    assert score(trained.model, absent).missing == ("barrier_language",)
    assert partly.risk != answered.risk
    assert any(f.text == "forventer, at der går mere end 6 måneder" for f in partly.factors)


def test_it_explains_the_risk_in_plain_danish(trained: Trained) -> None:
    member = _member(
        age=61,
        education="none",
        from_sickness_benefit=True,
        barrier_physical_health=True,
        expect_job="within_3_months",
    )
    assessment = score(trained.model, member)
    raised = {f.text for f in assessment.factors if f.raises}
    assert {
        "60 år eller derover",
        "ingen uddannelse ud over grundskolen",
        "kommer fra sygedagpenge",
        "fysisk helbred gør det svært at få job",
    } <= raised
    lowered = {f.text for f in assessment.factors if not f.raises}
    assert "forventer job inden for 3 måneder" in lowered
    sizes = [abs(f.contribution) for f in assessment.factors]
    assert sizes == sorted(sizes, reverse=True)


def test_it_explains_the_whole_log_odds_against_the_average_member(trained: Trained) -> None:
    model = ProfilingModel.from_dict(trained.model.to_dict())
    model.explanation_ = {"min_contribution": 0.0, "max_factors": 100}
    assessment = score(model, _member(age=52, prior_spells=3, prior_dagpenge_weeks=40))
    total = logit(assessment.average_risk) + sum(f.contribution for f in assessment.factors)
    assert total == pytest.approx(logit(assessment.risk), abs=1e-9)
    texts = {f.text for f in assessment.factors}
    assert {"3 tidligere ledighedsforløb", "40 uger på dagpenge de seneste tre år"} <= texts
    assert "12,5 års erhvervserfaring" in texts


def test_it_places_members_in_target_groups(trained: Trained) -> None:
    rules = dict(trained.model.target_groups_)
    low = score(trained.model, _member(), rules=rules | {"threshold": 1.0})
    assert (low.target_group, low.group_reasons) == ("1", ())
    always = rules | {"threshold": 0.0}
    stay = score(trained.model, _member(), rules=always)
    assert stay.target_group == "2a"
    change = score(trained.model, _member(barrier_physical_health=True), rules=always)
    assert change.target_group == "2b"
    assert change.group_reasons == ("fysisk helbred kan udelukke arbejdet i det hidtidige fag",)
    assert change.group_text.startswith("Målgruppe 2b")
    repeated = score(trained.model, _member(prior_spells=2), rules=always)
    assert repeated.target_group == "2b"


def test_it_suggests_activities_for_the_group(trained: Trained) -> None:
    always = dict(trained.model.target_groups_) | {"threshold": 0.0}
    change = score(
        trained.model, _member(barrier_reading_spelling=True, prior_spells=4), rules=always
    )
    codes = [a.code for a in change.activities]
    assert {"stay_or_change", "focus_conversations", "fvu"} <= set(codes)
    never = dict(trained.model.target_groups_) | {"threshold": 1.0}
    codes = [a.code for a in score(trained.model, _member(), rules=never).activities]
    assert "phone_contact" in codes
    assert "fvu" not in codes and "focus_conversations" not in codes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"education": "phd"},
            "feature 'education': unknown value 'phd'; expected one of: none, "
            "upper_secondary, vocational, short, medium, long",
        ),
        ({"age": "forty"}, "feature 'age': expected a number, got 'forty' (str)"),
        ({"age": 12}, "feature 'age': 12 is not a number from 15 to 80"),
        ({"prior_spells": math.nan}, "feature 'prior_spells': nan is not a number from 0 to 100"),
        (
            {"from_sickness_benefit": "yes"},
            "feature 'from_sickness_benefit': expected true or false, got 'yes' (str)",
        ),
        ({"disco_major": "5"}, "feature 'disco_major': expected a whole number, got '5' (str)"),
        (
            {"disco_major": 10},
            "feature 'disco_major': unknown value '10'; expected one of: 1, 2, 3, 4, 5, 6, 7, 8, 9",
        ),
        (
            {"education": None},
            "feature 'education': missing; only the questionnaire answers may be left unanswered",
        ),
    ],
)
def test_it_refuses_an_input_it_cannot_score(
    trained: Trained, changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(FeatureError) as error:
        score(trained.model, _member(**changes))
    assert str(error.value) == message


def test_it_refuses_a_level_not_seen_in_training(trained: Trained) -> None:
    train = trained.data.part(False)
    keep = train["industry"] != "agriculture"
    model = ProfilingModel().fit(
        train.filter(keep), trained.data.y[~trained.data.test][keep.to_numpy()]
    )
    with pytest.raises(FeatureError) as error:
        score(model, _member(industry="agriculture"))
    assert str(error.value) == (
        "feature 'industry': level 'agriculture' was not seen in training, so the model cannot "
        "score it; retrain on data that has it"
    )


def test_it_names_the_row_of_a_table_it_cannot_score(trained: Trained) -> None:
    frame = trained.data.frame.head(50)
    bad = frame.with_columns(
        education=pl.when(pl.int_range(pl.len()) == 17).then(pl.lit("phd")).otherwise("education")
    )
    spell = frame["spell_id"][17]
    with pytest.raises(FeatureError) as error:
        score_frame(trained.model, bad)
    assert str(error.value) == (
        f"feature 'education' (row 18, spell {spell}): unknown value 'phd'; expected one of: "
        "none, upper_secondary, vocational, short, medium, long"
    )
    with pytest.raises(FeatureError, match=r"feature 'age': column of type String"):
        score_frame(trained.model, frame.with_columns(pl.col("age").cast(pl.String)))
    with pytest.raises(FeatureError, match=r"feature 'gender' \(row 1, spell \d+\): missing; only"):
        score_frame(trained.model, frame.with_columns(gender=pl.lit(None, dtype=pl.String)))


def test_it_leaves_ethnic_origin_out_unless_asked(trained: Trained) -> None:
    assert "origin" not in [f.name for f in trained.model.features_]
    assert not any(c.feature == "origin" for c in trained.model.columns_)
    assert not np.isnan(score(trained.model, _member(origin="anything")).risk)
