"""The ``akasse plan`` command-line contract, run as a real process."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

AKASSE = [sys.executable, "-m", "akasse.cli"]

CASE: dict[str, Any] = {
    "as_of": "2022-04-20",
    "member": {
        "birth_date": "1984-05-02",
        "insurance": "full_time",
        "fund": "FOA-A",
        "municipality": "0751",
    },
    "first_unemployment_day": "2022-03-07",
    "trial": True,
    "hours_paid": {"2022-03": 133.2, "2022-04": 160.33},
    "conversations": [{"date": "2022-03-15", "kinds": ["cv", "job"], "channel": "in_person"}],
    "events": [{"date": "2022-05-02", "kind": "job_start"}],
}


def run(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*AKASSE, *args], input=stdin, capture_output=True, text=True, timeout=60, check=False
    )


def plan_stdin(case: dict[str, Any]) -> subprocess.CompletedProcess[str]:
    return run(["plan", "-"], json.dumps(case))


def test_it_answers_the_contract_from_standard_input() -> None:
    result = plan_stdin(CASE)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = json.loads(result.stdout)
    assert out["regime"] == "trial_2020"
    assert out["transfer_date"] == "2022-05-31"
    assert out["projected"] is True
    assert out["hours_consumed"] == "293.53"
    cv = out["obligations"][0]
    assert (cv["kind"], cv["number"], cv["owner"], cv["due_by"], cv["status"], cv["held_on"]) == (
        "cv",
        1,
        "akasse",
        "2022-03-20",
        "met",
        "2022-03-15",
    )
    assert cv["reference"] and cv["explanation"]
    assert out["violations"] == []
    assert out["akutpakke_eligible"] is False
    for field in ("special_effort_due_by", "exhaustion_date"):
        assert out[field] is not None


def test_it_reads_a_file_argument(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    result = run(["plan", str(path)])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(plan_stdin(CASE).stdout)


def _with(path: str, value: Any) -> dict[str, Any]:
    """CASE with the field at a dotted path set (or removed when value is ...)."""
    case = copy.deepcopy(CASE)
    *parents, last = path.split(".")
    node: Any = case
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is ...:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return case


BAD_INPUT = [
    ("a missing as-of date", _with("as_of", ...), "as_of: is missing"),
    (
        "a malformed date",
        _with("as_of", "2022-02-30"),
        'as_of: is not a valid date (write YYYY-MM-DD) (got "2022-02-30")',
    ),
    (
        "an unknown month",
        _with("hours_paid", {"2022-13": 10}),
        'hours_paid["2022-13"]: is not a month (write YYYY-MM, month 01-12) (got "2022-13")',
    ),
    (
        "an unknown insurance",
        _with("member.insurance", "half_time"),
        'member.insurance: must be one of full_time, part_time (got "half_time")',
    ),
    ("a missing member", _with("member", ...), "member: is missing"),
    (
        "an unknown municipality",
        _with("member.municipality", "9999"),
        'member.municipality: must be one of the 98 municipality codes, e.g. "0751" (got "9999")',
    ),
    (
        "a conversation before the spell",
        _with("conversations.0.date", "2022-03-01"),
        "conversations[0].date: 2022-03-01 is before the spell began on 2022-03-07",
    ),
    (
        "a month in year 0",
        _with("hours_paid", {"0000-01": 1}),
        'hours_paid["0000-01"]: must lie between 1970-01-01 and 2199-12-31 (got "0000-01")',
    ),
    (
        "an as-of date beyond the supported years",
        _with("as_of", "9999-01-01"),
        'as_of: must lie between 1970-01-01 and 2199-12-31 (got "9999-01-01")',
    ),
    (
        "a month written with non-ASCII digits",
        _with("hours_paid", {"\u0662\u0660\u0662\u0662-04": 1}),
        'hours_paid["\u0662\u0660\u0662\u0662-04"]: is not a month',
    ),
    (
        "hours that are not an object",
        _with("hours_paid", []),
        "hours_paid: must be a JSON object (got [])",
    ),
    (
        "hours written loosely as text",
        _with("hours_paid", {"2022-03": "1_0"}),
        'hours_paid["2022-03"]: must be a number of hours (got "1_0")',
    ),
    (
        "an event before the spell",
        _with("events.0.date", "2022-02-28"),
        "events[0].date: 2022-02-28 is before the spell began on 2022-03-07",
    ),
    (
        "an unknown conversation kind",
        _with("conversations.0.kinds", ["cv", "coffee"]),
        'conversations[0].kinds[1]: must be one of cv, job, joint, availability (got "coffee")',
    ),
    (
        "an unknown channel",
        _with("conversations.0.channel", "letter"),
        'conversations[0].channel: must be one of in_person, phone, video (got "letter")',
    ),
    (
        "an unknown event",
        _with("events.0.kind", "holiday"),
        "events[0].kind: must be one of job_start, reregistered, left_fund, moved_out"
        ' (got "holiday")',
    ),
    (
        "negative hours",
        _with("hours_paid", {"2022-03": -1}),
        'hours_paid["2022-03"]: must be between 0 and 744.00 hours (got -1)',
    ),
    (
        "hours with three decimals",
        _with("hours_paid", {"2022-03": 1.234}),
        'hours_paid["2022-03"]: has more than two decimals (got 1.234)',
    ),
    (
        "hours before the spell",
        _with("hours_paid", {"2022-02": 10}),
        'hours_paid["2022-02"]: month is before the spell began on 2022-03-07',
    ),
    (
        "a trial flag that is not a boolean",
        _with("trial", "yes"),
        'trial: must be true, false or null (got "yes")',
    ),
    (
        "a trial lookup nobody has configured",
        _with("member.fund", "HK-A") | {"trial": None},
        "trial: the trial municipalities of HK-A are not configured",
    ),
]


@pytest.mark.parametrize(
    ("case", "message"), [(c, m) for _, c, m in BAD_INPUT], ids=[name for name, _, _ in BAD_INPUT]
)
def test_it_rejects_bad_input_with_one_line_and_exit_status_2(
    case: dict[str, Any], message: str
) -> None:
    result = plan_stdin(case)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"akasse: {message}")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        (
            "{not json",
            "akasse: input: not valid JSON: Expecting property name enclosed in double quotes"
            " at line 1 column 2",
        ),
        ("[1, 2]", "akasse: input: must be a JSON object (got [1, 2])"),
        (
            '{"as_of": "2022-04-20", "as_of": "2022-04-21"}',
            'akasse: input: key "as_of" appears twice in one object',
        ),
    ],
)
def test_it_rejects_input_that_is_not_a_case(stdin: str, message: str) -> None:
    result = run(["plan", "-"], stdin)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (2, "", message)


@pytest.mark.parametrize(
    "stdin",
    [
        '{"as_of": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"hours_paid": {"2022-03": ' + "9" * 5000 + "}}",
    ],
    ids=["deep nesting", "a 5,000-digit number"],
)
def test_it_refuses_pathological_json_without_a_traceback(stdin: str) -> None:
    result = run(["plan", "-"], stdin)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("akasse: input: not accepted: ")
    assert len(result.stderr.splitlines()) == 1


def test_it_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    result = run(["plan", str(missing)])
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.strip() == f"akasse: cannot read {missing}: No such file or directory"


def test_it_stops_quietly_when_the_reader_closes_the_pipe() -> None:
    # Far more output than a pipe buffers, so the write after `head` exits must fail.
    merged = {"date": "2022-03-15", "kinds": ["cv", "job", "joint"], "channel": "in_person"}
    big = _with("conversations", [merged] * 1000)
    reader = subprocess.Popen(["head", "-c", "10"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    writer = subprocess.run(
        [*AKASSE, "plan", "-"],
        input=json.dumps(big),
        text=True,
        stdout=reader.stdin,
        stderr=subprocess.PIPE,
        check=False,
        timeout=60,
    )
    assert reader.stdin is not None
    reader.stdin.close()
    reader.wait(timeout=60)
    assert writer.returncode == 0
    assert "Traceback" not in writer.stderr
