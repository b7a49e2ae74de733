"""The reports built from a dataset (monitoring, survival, survey, effect): tables, figures
laid out like the evaluations' figures, and a method note; ``akasse.stats.render`` writes
them."""

from __future__ import annotations

import matplotlib.pyplot as plt
import polars as pl

from akasse.dataset.schema import tables
from akasse.stats.dataset import Dataset, Selection
from akasse.stats.effect import effect
from akasse.stats.monitoring import Monitoring, monitoring
from akasse.stats.render import Report, number, pct
from akasse.stats.survey import MIN_RESPONDENTS, survey
from akasse.stats.survival import GROUPS, Survival, survival
from akasse.stats.timeliness import timeliness

KINDS = ("monitoring", "survival", "survey", "effect")
COLOURS = {"forsøg": "#1f5fa8", "ikke-forsøg": "#c8642a"}

MONITORING_METHOD = (
    "Visiterede er forsøgsdeltagere efter måned for visitation; afsluttede efter måned for "
    "afslutning og årsag; omfattet ultimo er visiterede til og med måneden minus afsluttede til "
    "og med måneden. Samtaler tælles for deltagere, der har brugt den fulde forsøgsperiode "
    "(afslutningsårsag periode brugt), som a-kassens afholdte samtaler fra visitation til "
    "afslutning; en sammenlagt samtale tæller én gang. LAB-tilbud er påbegyndte tilbud til "
    "forsøgsdeltagere. Rettidighed beregnes med regelmotoren (plan_frame) på datasættets sidste "
    "dag ud fra udbetalte timer, afholdte samtaler og jobstart i ugestatus: andelen af a-kassens "
    "frister, der er overholdt, blandt frister, der er overholdt, afholdt for sent eller "
    "overskredet; frister, der endnu ikke er udløbet eller er bortfaldet (medlemmet i job, "
    "forløbet slut), tæller ikke. Udvalget gælder forløbets første ledighedsdag."
)
SURVIVAL_METHOD = (
    "Med tilbagefald: blandt forløb fulgt til og med uge w, andelen på dagpenge i uge w (Wilson-"
    "interval). Uden tilbagefald: Kaplan-Meier-estimat af tiden til første uge uden dagpenge; "
    "forløb uden afgang censureres i den sidste uge, de er fulgt (datasættets slutdato), "
    "konfidensbånd efter Greenwood på log(-log)-skala. Arbejdsmarkedsstatus efter 6 måneder er "
    "status i uge 26 blandt forløb fulgt så længe. Ikke-forsøg er alle forløb, der ikke er "
    "visiteret til forsøget. Tallene er beskrivende og kan ikke tolkes som forsøgets effekt."
)


def build(kind: str, data: Dataset, selection: Selection) -> Report:
    if kind == "monitoring":
        return monitoring_report(data, selection)
    if kind == "survival":
        return survival_report(data, selection)
    if kind == "survey":
        return survey_report(data, selection)
    if kind == "effect":
        return effect_report(data, selection)
    raise ValueError(f"unknown report {kind!r}; choose one of: {', '.join(KINDS)}")


def monitoring_report(data: Dataset, selection: Selection) -> Report:
    m = monitoring(data, selection)
    report = Report(
        "monitoring", "Monitorering af forsøget", selection, str(data.path), MONITORING_METHOD
    )
    report.tables = {
        "monthly": ("Visiterede, afsluttede og omfattede pr. måned", m.monthly),
        "conversations": ("Samtaler pr. deltager med fuld forsøgsperiode", m.conversations),
        "offers": ("Påbegyndte LAB-tilbud efter type", m.offers),
        "placements": ("Jobformidlinger pr. år og mål", m.placements),
    }
    report.summary = _monitoring_points(m)
    t = timeliness(data, selection)
    report.tables |= {
        "timeliness_kind": ("Rettidighed: a-kassens frister efter samtaletype", t.by_kind),
        "timeliness_fund": ("Rettidighed efter a-kasse og samtaletype", t.by_fund),
        "timeliness_branch": ("Rettidighed efter afdeling", t.by_branch),
        "timeliness_caseworker": ("Rettidighed efter medarbejder", t.by_caseworker),
    }
    judged = int(t.by_kind["judged"].sum())
    if judged:
        met = int(t.by_kind["met"].sum()) / judged
        report.summary.append(f"{pct(met)} af a-kassens frister blev overholdt.")
    total = (
        m.monthly.group_by("month").agg(pl.col("referred", "exited", "covered").sum()).sort("month")
    )
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 3.6))
    left.bar(total["month"], total["referred"], width=25, color="#1f5fa8")
    left.set_title("Visiterede pr. måned")
    right.plot(total["month"], total["covered"], color="#1f5fa8")
    right.set_title("Omfattet ultimo måneden")
    for ax in (left, right):
        ax.tick_params(axis="x", labelrotation=45)
    report.figures.append(
        ("Figur 1: Visiterede og omfattede forsøgsdeltagere (alle valgte a-kasser)", figure)
    )
    conv = m.conversations.sort("fund")
    figure, ax = plt.subplots(figsize=(11, 3.6))
    bottom = [0.0] * conv.height
    for column, label in (
        ("share_0", "0"),
        ("share_1", "1"),
        ("share_2", "2"),
        ("share_3_plus", "3+"),
    ):
        values = (conv[column] * 100).to_list()
        ax.bar(conv["fund"], values, bottom=bottom, label=label)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("pct.")
    ax.legend(title="Samtaler", ncols=4)
    ax.tick_params(axis="x", labelrotation=30)
    report.figures.append(
        ("Figur 2: Deltagere med fuld forsøgsperiode efter antal samtaler", figure)
    )
    return report


def survival_report(data: Dataset, selection: Selection) -> Report:
    s = survival(data, selection)
    report = Report(
        "survival",
        "Andel på dagpenge 0-26 uger efter påbegyndt ledighed",
        selection,
        str(data.path),
        SURVIVAL_METHOD,
    )
    report.notes = [s.note] if s.note else []
    report.summary = _survival_points(s)
    report.tables = {
        "weekly": ("Andel på dagpenge pr. uge", s.weekly),
        "status_26": ("Arbejdsmarkedsstatus seks måneder efter påbegyndt ledighed", s.status),
    }
    figure, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    for ax, column, title in zip(
        axes,
        ("with_return", "without_return"),
        ("Med tilbagefald", "Uden tilbagefald"),
        strict=True,
    ):
        for label in GROUPS.values():
            group = s.weekly.filter(pl.col("group") == label)
            if group.is_empty():
                continue
            ax.plot(group["week"], group[column] * 100, label=label, color=COLOURS[label])
            ax.fill_between(
                group["week"],
                group[f"{column}_lower"] * 100,
                group[f"{column}_upper"] * 100,
                color=COLOURS[label],
                alpha=0.2,
            )
        ax.set_title(title)
        ax.set_xlabel("Uger efter påbegyndt ledighed")
        ax.set_ylim(0, 100)
    axes[0].set_ylabel("Andel på dagpenge (pct.)")
    axes[0].legend()
    report.figures.append(
        ("Figur 1: Andel på dagpenge 0-26 uger efter påbegyndt ledighed, med 95 %-bånd", figure)
    )
    figure, ax = plt.subplots(figsize=(7, 3))
    left = [0.0] * s.status.height
    for column, colour in (("employed", "#1f5fa8"), ("dagpenge", "#c8642a"), ("other", "#999999")):
        values = (s.status[column] * 100).to_list()
        ax.barh(s.status["group"], values, left=left, color=colour, label=column)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.legend(
        ["Beskæftiget", "Dagpenge", "Anden status"],
        ncols=3,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
    )
    ax.set_xlabel("pct.")
    report.figures.append(
        ("Figur 2: Arbejdsmarkedsstatus seks måneder efter påbegyndt ledighed", figure)
    )
    return report


SURVEY_METHOD = (
    "Top-2-andel: andelen, der har svaret 'tilfreds' eller 'meget tilfreds' ('enig' eller 'meget "
    "enig'), blandt dem, der har svaret; 'ved ikke' indgår ikke og er talt for sig. Besvarelserne "
    "er vægtet ved raking til fordelingen af alle, der fik skemaet tilsendt, på aldersgruppe, køn, "
    "uddannelse og a-kasse. Forskellen mellem forsøg og ikke-forsøg testes med et designbaseret "
    "(linearisering, HC0) standardfejl for to uafhængige domæner: * p < 0,05, ** p < 0,01, "
    f"*** p < 0,001. Celler med færre end {MIN_RESPONDENTS} svar vises ikke (datadiskretion, '#'). "
    "Spændet over a-kasser gælder forsøgsdeltagere i a-kasser med nok svar."
)


def survey_report(data: Dataset, selection: Selection) -> Report:
    s = survey(data, selection)
    notes = ([s.note] if s.note else []) + list(s.weighting_notes)
    report = Report(
        "survey",
        "Tilfredshedsmåling: forsøg og ikke-forsøg",
        selection,
        str(data.path),
        SURVEY_METHOD,
    )
    report.notes = notes
    for row in s.comparison.filter(pl.col("item") == "overall").iter_rows(named=True):
        if row["trial"] is not None:
            stars = f" {row['stars']}" if row["stars"] else ""
            report.summary.append(
                f"Runde {row['wave']}: {pct(row['trial'])} af forsøgsdeltagerne er samlet set "
                f"tilfredse mod {pct(row['non_trial'])} af ikke-forsøgsdeltagerne{stars}."
            )
    report.tables = {
        "comparison": ("Top-2-andel, forsøg mod ikke-forsøg, med signifikans", s.comparison),
        "shares": ("Top-2-andel pr. gruppe, vægtet og uvægtet, med 'ved ikke'", s.shares),
        "funds": ("Spænd over a-kasser (forsøgsdeltagere)", s.funds),
        "change": ("Ændring siden forrige runde", s.change),
        "response": ("Udsendte skemaer og svarprocent", s.response),
    }
    latest = s.comparison.filter(pl.col("wave") == s.comparison["wave"].max()).drop_nulls("trial")
    if latest.height:
        figure, ax = plt.subplots(figsize=(9, 0.5 + 0.5 * latest.height))
        rows = list(range(latest.height))
        ax.barh(
            [r + 0.2 for r in rows],
            latest["trial"] * 100,
            height=0.4,
            color=COLOURS["forsøg"],
            label="forsøg",
        )
        ax.barh(
            [r - 0.2 for r in rows],
            latest["non_trial"] * 100,
            height=0.4,
            color=COLOURS["ikke-forsøg"],
            label="ikke-forsøg",
        )
        danish = {c.name.removeprefix("q_"): c.danish for c in tables()["survey_responses"].columns}
        pairs = zip(latest["item"], latest["stars"], strict=True)
        ax.set_yticks(rows, [f"{danish.get(i, i)} {st}" for i, st in pairs])
        ax.set_xlabel("Top-2-andel (pct.)")
        ax.set_xlim(0, 100)
        ax.legend(loc="lower right")
        wave = latest["wave"][0]
        report.figures.append((f"Figur 1: Top-2-andel efter spørgsmål, runde {wave}", figure))
    return report


EFFECT_METHOD = (
    "Effekten på de behandlede (forsøgsdeltagerne) af forsøget på uger på dagpenge i uge 0-25 og "
    "på at være i beskæftigelse i uge 26, for forløb med første ledighedsdag i forsøgsperioden, "
    "fulgt i 26 uger. Regressionsjustering: en "
    "lineær model for udfaldet, estimeret på ikke-deltagerne, forudsiger deltagernes udfald uden "
    "forsøget (robuste HC1-standardfejl). Propensity score matching: logistisk model for at være "
    "i forsøget; hver deltager matches med den nærmeste ikke-deltager (med tilbagelægning) inden "
    "for 0,2 standardafvigelser af scorens logit. Begge justerer for alder, køn, uddannelse, "
    "herkomst, region, erhvervserfaring, sygedagpenge, tidligere ledighed, dimittend, indkomst, "
    "børn, spørgeskemaets svar og kvartal for første ledighedsdag. Ikke-deltagere med kendetegn, "
    "ingen deltager har (fx bopæl i en region uden forsøget), indgår ikke. Balancetabellen viser "
    "standardiserede forskelle før og efter matching; under 0,1 regnes for balanceret."
)


def effect_report(data: Dataset, selection: Selection) -> Report:
    e = effect(data, selection)
    report = Report(
        "effect", "Effektstudie: forsøg mod ikke-forsøg", selection, str(data.path), EFFECT_METHOD
    )
    for row in e.estimates.iter_rows(named=True):
        low, high = (f"{v:.3f}".replace(".", ",") for v in (row["lower"], row["upper"]))
        estimate = f"{row['estimate']:.3f}".replace(".", ",")
        report.summary.append(
            f"{row['outcome']}, {row['method']}: {estimate} (95 %-interval {low} til {high})."
        )
    report.tables = {
        "estimates": ("Effekt på deltagerne med 95 %-konfidensinterval", e.estimates),
        "balance": ("Balance: standardiserede forskelle før og efter matching", e.balance),
    }
    figure, axes = plt.subplots(1, 2, figsize=(11, 2.8))
    for ax, (outcome, rows) in zip(
        axes, e.estimates.group_by("outcome", maintain_order=True), strict=False
    ):
        y = list(range(rows.height))
        ax.errorbar(
            rows["estimate"],
            y,
            xerr=[rows["estimate"] - rows["lower"], rows["upper"] - rows["estimate"]],
            fmt="o",
            color=COLOURS["forsøg"],
        )
        ax.axvline(0, color="#999999", linewidth=0.8)
        ax.set_yticks(y, rows["method"].to_list())
        ax.set_title(str(outcome[0]))
    report.figures.append(("Figur 1: Estimeret effekt med 95 %-konfidensinterval", figure))
    return report


def _monitoring_points(m: Monitoring) -> list[str]:
    total = (
        m.monthly.group_by("month")
        .agg(
            pl.col("referred", "exited", "covered").sum(), ended=pl.col("exited_trial_ended").sum()
        )
        .sort("month")
    )
    peak = total.row(int(total["covered"].arg_max() or 0), named=True)
    points = [
        f"I alt {number(int(total['referred'].sum()))} forsøgsdeltagere er visiteret; "
        f"{number(int(total['exited'].sum()) - int(total['ended'].sum()))} blev afsluttet, før "
        "forsøget sluttede.",
        f"Flest var omfattet ultimo {peak['month']:%m-%Y}: {number(peak['covered'])}.",
    ]
    overall = m.conversations.filter(pl.col("fund") == "I alt")
    if overall.height:
        points.append(
            f"{pct(overall['share_3_plus'].item())} af deltagerne med fuld forsøgsperiode har haft "
            "tre eller flere samtaler."
        )
    return points


def _survival_points(s: Survival) -> list[str]:
    points = []
    for week in (13, 26):
        shares = {
            r["group"]: r["with_return"]
            for r in s.weekly.filter(pl.col("week") == week).iter_rows(named=True)
        }
        text = (
            f"{week} uger efter påbegyndt ledighed er {pct(shares.get('forsøg'))} af "
            "forsøgsdeltagerne på dagpenge"
        )
        if "ikke-forsøg" in shares:
            text += f" mod {pct(shares['ikke-forsøg'])} af ikke-forsøgsdeltagerne"
        points.append(text + ".")
    for row in s.status.iter_rows(named=True):
        share = pct(row["employed"])
        points.append(f"Seks måneder efter er {share} af gruppen {row['group']} i beskæftigelse.")
    return points
