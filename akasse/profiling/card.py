"""The model card: an evaluation as a Danish HTML page (through the statistics' report code):
data, inputs, odds ratios, calibration, accuracy beside the oracle and the challenger, fairness
by group, what ethnic origin would change, and the intended use."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import polars as pl

from akasse.profiling.evaluate import Evaluation
from akasse.profiling.spec import load_spec
from akasse.stats.dataset import Selection
from akasse.stats.render import Report, number, pct

INTENDED_USE = (
    "Tiltænkt brug: modellens vurdering er ét input til sagsbehandlerens vurdering, aldrig det "
    "sidste ord. Sagsbehandleren ser risikoen, målgruppen og de faktorer, der trak op og ned, og "
    "kan rette målgruppen med en begrundelse, som gemmes ved siden af modellens vurdering. "
    "Modellen må ikke bruges til at afgøre rettigheder eller sanktioner."
)
METHOD = (
    "Udfald: langtidsledighed, dvs. på dagpenge i mindst 42 af de 52 uger efter første "
    "ledighedsdag (80 pct.), talt i datasættets ugestatus; forløb, der ikke er fulgt i 52 uger, "
    "indgår hverken i træning eller evaluering. Model: logistisk regression estimeret med "
    "Newton-Raphson (samme estimater som statsmodels' Logit). Kategorier og aldersgrupper "
    "indgår som dummyvariable mod en referencegruppe; tal lineært. Et ubesvaret spørgsmål i "
    "forberedelsesskemaet sættes til gennemsnittet blandt dem, der svarede, og en indikator for "
    "ubesvaret skema bærer resten. Testdata: 25 pct. af forløbene, valgt ved en fast hash af "
    "forløbsnummeret, så opdelingen er den samme på enhver maskine. AUC: sandsynligheden for, at "
    "et tilfældigt langtidsledigt forløb får højere risiko end et tilfældigt andet. Brier-score: "
    "gennemsnitlig kvadreret afstand mellem risiko og udfald. Kalibreringsfejl (ECE): forløbene "
    "sorteres efter risiko og deles i 10 lige store grupper; gennemsnittet af |gennemsnitlig "
    "risiko - andel langtidsledige| vægtet med gruppernes størrelse. Oraklet er simulatorens "
    "sande risiko (kun simulerede data) på de samme forløb: den bedst opnåelige AUC. "
    "Udfordreren er gradient boosting (scikit-learn HistGradientBoostingClassifier) på de samme "
    "input og træningsdata. Herkomst er ikke med som standard; sammenligningen estimerer "
    "modellen igen med herkomst på de samme træningsdata. Målgruppe 2 er risiko på eller over "
    "tærsklen; 2b (brancheskift) foreslås, når mindst én af disse grunde gælder, ellers 2a: "
)
GROUPING = {"gender": "Køn", "age_group": "Aldersgruppe", "origin": "Herkomst"}
GROUP_TEXT = {
    "man": "mand",
    "woman": "kvinde",
    "danish": "dansk",
    "western": "vestlig",
    "non_western": "ikke-vestlig",
}


def dec(value: float | None, digits: int = 3) -> str:
    return "#" if value is None else f"{value:.{digits}f}".replace(".", ",")


def build_card(e: Evaluation) -> Report:
    m = e.metrics
    report = Report(
        "profiling",
        "Modelkort: profilafklaring, risiko for langtidsledighed",
        Selection(),
        e.data.source,
        METHOD + "; ".join(c["reason"] for c in e.model.target_groups_["change_field"]) + ".",
    )
    report.notes = [INTENDED_USE, _data_note(e)]
    report.summary = _points(e)
    report.tables = {
        "data": ("Data", _data_table(e)),
        "metrics": ("Præcision på testdata", _metrics_table(e)),
        "target_groups": ("Målgrupper på testdata", _target_groups(e)),
        "fairness": ("Præcision og målgruppe 2 efter køn, alder og herkomst", _fairness(e)),
        "origin": ("Hvad herkomst i modellen ville ændre", _origin_table(e)),
        "origin_groups": ("Målgruppe 2 efter herkomst, uden og med herkomst", _origin_groups(e)),
        "coefficients": ("Odds ratios med 95 %-konfidensinterval", _coefficients(e)),
        "calibration": (
            "Kalibrering: risiko og observeret andel i 10 lige store grupper",
            _calibration(e),
        ),
        "features": ("Modellens input", _features(e)),
    }
    report.figures = [
        (
            "Figur 1: Kalibrering på testdata (gennemsnitlig risiko mod observeret andel)",
            _calibration_plot(e),
        ),
        ("Figur 2: Odds ratios med 95 %-konfidensinterval", _odds_plot(e)),
    ]
    if m.get("oracle_auc") is None:
        report.notes.append("Datasættet har ingen sand risiko (ikke simuleret): intet orakel.")
    return report


def _data_note(e: Evaluation) -> str:
    note = (
        f"Forløb uden 52 ugers opfølgning er udeladt af træning og evaluering: "
        f"{number(e.data.excluded)} af {number(e.data.spells)} forløb."
    )
    if not e.same_data:
        note += (
            " Modellen er trænet på et andet datasæt; testdelen her er udvalgt med samme hash, og "
            "udfordreren og sammenligningen med herkomst er trænet på dette datasæts træningsdel."
        )
    return note


def _points(e: Evaluation) -> list[str]:
    m = e.metrics
    points = [f"AUC på testdata: {dec(m['auc'])}."]
    if m.get("oracle_auc") is not None:
        gap = m["oracle_auc"] - m["auc"]
        points[0] = (
            f"AUC på testdata: {dec(m['auc'])} mod {dec(m['oracle_auc'])} for simulatorens sande "
            f"model på de samme forløb (forskel {dec(gap)})."
        )
    points.append(
        f"Kalibreringsfejl {dec(m['calibration_error'], 4)}, Brier-score {dec(m['brier'])}."
    )
    groups = {r["target_group"]: r for r in e.target_groups.iter_rows(named=True)}
    threshold = float(e.model.target_groups_["threshold"])
    if "1" in groups:
        flagged = 1 - groups["1"]["share"]
        points.append(
            f"{pct(flagged)} af testforløbene har en risiko på mindst {pct(threshold)} "
            f"(målgruppe 2); {pct(groups['1']['observed'])} i målgruppe 1 blev langtidsledige."
        )
    points += _worst_calibrated(e)
    if e.challenger:
        points.append(f"Udfordreren (gradient boosting) når en AUC på {dec(e.challenger['auc'])}.")
    o = e.origin
    if o:
        points.append(
            f"Med herkomst i modellen: AUC {dec(o['auc_with_origin'])} mod "
            f"{dec(o['auc_without_origin'])} uden; {pct(o['group_changed_share'])} skifter "
            f"mellem målgruppe 1 og 2, og {pct(o['flagged_overlap'])} af dem, der er i målgruppe 2 "
            "i den ene eller anden model, er det i begge."
        )
    return points


def _worst_calibrated(e: Evaluation) -> list[str]:
    """The group whose average risk is furthest from its observed share, if more than 2 points:
    a group the model serves worse than the rest."""
    rows = list(e.by_group.iter_rows(named=True))
    worst = max(rows, key=lambda r: abs(r["predicted"] - r["observed"]), default=None)
    if worst is None or abs(worst["predicted"] - worst["observed"]) <= 0.02:
        return []
    verb = "undervurderer" if worst["predicted"] < worst["observed"] else "overvurderer"
    grouping = GROUPING.get(worst["grouping"], worst["grouping"]).lower()
    group = GROUP_TEXT.get(worst["group"], worst["group"])
    return [
        f"Modellen {verb} risikoen mest for {grouping} {group}: gennemsnitlig risiko "
        f"{pct(worst['predicted'])} mod {pct(worst['observed'])} langtidsledige."
    ]


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={k: pl.String for k in rows[0]}) if rows else pl.DataFrame()


def _data_table(e: Evaluation) -> pl.DataFrame:
    training = e.model.metadata_.get("training_data", {})
    test = int(e.data.test.sum())
    rows = [
        ("Datasæt", e.data.source),
        ("Manifest (SHA-256)", e.data.data_hash[:16] + "…"),
        ("Modellen trænet på", str(training.get("source", "#"))),
        ("Trænet", str(e.model.metadata_.get("created", "#"))),
        ("Forløb i alt", number(e.data.spells)),
        ("Fulgt i 52 uger", number(e.data.frame.height)),
        ("Udeladt (ikke fulgt i 52 uger)", number(e.data.excluded)),
        ("Træningsforløb", number(e.data.frame.height - test)),
        ("Testforløb", number(test)),
        ("Andel langtidsledige (test)", pct(e.metrics["long_term_share"])),
        ("Tærskel for målgruppe 2", pct(float(e.model.target_groups_["threshold"]))),
    ]
    return _frame([{"Emne": k, "Værdi": v} for k, v in rows])


def _metrics_table(e: Evaluation) -> pl.DataFrame:
    rows = [("Logistisk regression (modellen)", e.metrics)]
    if e.challenger:
        rows.append(("Gradient boosting (udfordrer)", e.challenger))
    if e.metrics.get("oracle_auc") is not None:
        oracle = {
            "auc": e.metrics["oracle_auc"],
            "brier": e.metrics["oracle_brier"],
            "calibration_error": e.metrics["oracle_calibration_error"],
        }
        rows.append(("Simulatorens sande risiko (orakel)", oracle))
    return _frame(
        [
            {
                "Model": name,
                "AUC": dec(r["auc"]),
                "Brier-score": dec(r["brier"]),
                "Kalibreringsfejl": dec(r["calibration_error"], 4),
            }
            for name, r in rows
        ]
    )


def _target_groups(e: Evaluation) -> pl.DataFrame:
    labels = e.model.target_groups_["labels"]
    return _frame(
        [
            {
                "Målgruppe": str(labels.get(r["target_group"], r["target_group"])),
                "Forløb": number(r["spells"]),
                "Andel": pct(r["share"]),
                "Gns. risiko": pct(r["mean_risk"]),
                "Blev langtidsledige": pct(r["observed"]),
            }
            for r in e.target_groups.iter_rows(named=True)
        ]
    )


def _fairness(e: Evaluation) -> pl.DataFrame:
    return _frame(
        [
            {
                "Opdeling": GROUPING.get(r["grouping"], r["grouping"]),
                "Gruppe": GROUP_TEXT.get(r["group"], r["group"]),
                "Forløb": number(r["spells"]),
                "Langtidsledige": pct(r["observed"]),
                "Gns. risiko": pct(r["predicted"]),
                "AUC": dec(r["auc"]),
                "Brier": dec(r["brier"]),
                "Kalibreringsfejl": dec(r["calibration_error"], 4),
                "I målgruppe 2": pct(r["flagged"]),
                "Langtidsledige i mg. 2": pct(r["sensitivity"]),
                "Andre i mg. 2": pct(r["false_positive_rate"]),
            }
            for r in e.by_group.iter_rows(named=True)
        ]
    )


def _origin_table(e: Evaluation) -> pl.DataFrame:
    o = e.origin
    if not o:
        return pl.DataFrame()
    rows = [
        ("AUC", dec(o["auc_without_origin"]), dec(o["auc_with_origin"])),
        ("Brier-score", dec(o["brier_without_origin"]), dec(o["brier_with_origin"])),
        ("I målgruppe 2", pct(o["flagged_without_origin"]), pct(o["flagged_with_origin"])),
        ("I målgruppe 2 i begge modeller", number(o["flagged_by_both"]), ""),
        ("Overlap (i begge / i mindst én)", pct(o["flagged_overlap"]), ""),
        ("Skifter mellem målgruppe 1 og 2", pct(o["group_changed_share"]), ""),
    ]
    return _frame([{"Mål": a, "Uden herkomst": b, "Med herkomst": c} for a, b, c in rows])


def _origin_groups(e: Evaluation) -> pl.DataFrame:
    if e.origin_groups is None:
        return pl.DataFrame()
    return _frame(
        [
            {
                "Herkomst": GROUP_TEXT.get(r["origin"], r["origin"]),
                "Forløb": number(r["spells"]),
                "Langtidsledige": pct(r["observed"]),
                "Gns. risiko uden": pct(r["risk_without_origin"]),
                "Gns. risiko med": pct(r["risk_with_origin"]),
                "Mg. 2 uden": pct(r["flagged_without_origin"]),
                "Mg. 2 med": pct(r["flagged_with_origin"]),
                "Skifter målgruppe": pct(r["group_changed"]),
            }
            for r in e.origin_groups.iter_rows(named=True)
        ]
    )


def _coefficients(e: Evaluation) -> pl.DataFrame:
    return _frame(
        [
            {
                "Input": r["text"],
                "Kolonne": r["column"],
                "Koefficient": dec(r["coef"]),
                "Odds ratio": dec(r["odds_ratio"]),
                "Nedre 95 %": dec(r["lower"]),
                "Øvre 95 %": dec(r["upper"]),
                "p-værdi": dec(r["p_value"], 4),
            }
            for r in e.model.summary.iter_rows(named=True)
        ]
    )


def _calibration(e: Evaluation) -> pl.DataFrame:
    return _frame(
        [
            {
                "Gruppe": str(r["bin"]),
                "Forløb": number(r["spells"]),
                "Gns. risiko": pct(r["predicted"]),
                "Observeret andel": pct(r["observed"]),
                "Nedre 95 %": pct(r["observed_lower"]),
                "Øvre 95 %": pct(r["observed_upper"]),
            }
            for r in e.calibration.iter_rows(named=True)
        ]
    )


def _features(e: Evaluation) -> pl.DataFrame:
    spec = load_spec()
    used = {f.name for f in e.model.features_}
    rows = []
    for f in [*e.model.features_, *(f for f in spec.features.values() if f.name not in used)]:
        levels = "; ".join(t for _, t in f.levels) if f.levels else (f.unit or "ja/nej")
        rows.append(
            {
                "Input": f.name,
                "Betydning": f.label,
                "Brugt": "ja" if f.name in used else "nej",
                "Niveauer / enhed": levels,
                "Reference": f.level_text(f.reference) if f.reference else "",
                "Kan være ubesvaret": "ja" if f.questionnaire else "nej",
            }
        )
    return _frame(rows)


def _calibration_plot(e: Evaluation) -> Any:
    figure, ax = plt.subplots(figsize=(5.5, 5))
    series = [("Modellen", e.calibration, "#1f5fa8")]
    if e.challenger_calibration is not None:
        series.append(("Udfordrer", e.challenger_calibration, "#c8642a"))
    if e.oracle_calibration is not None:
        series.append(("Orakel", e.oracle_calibration, "#999999"))
    top = 0.0
    for label, table, colour in series:
        ax.plot(table["predicted"] * 100, table["observed"] * 100, "o-", label=label, color=colour)
        top = max(top, *table["predicted"].to_list(), *table["observed"].to_list())
    ax.plot([0, top * 100], [0, top * 100], color="#bbbbbb", linewidth=0.8, linestyle="--")
    ax.set_xlabel("Gennemsnitlig risiko (pct.)")
    ax.set_ylabel("Andel langtidsledige (pct.)")
    ax.legend()
    return figure


def _odds_plot(e: Evaluation) -> Any:
    rows = e.model.summary.height
    figure, ax = plt.subplots(figsize=(8, 0.2 * rows + 1))
    e.model.plot(ax)
    return figure
