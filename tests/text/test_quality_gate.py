"""Quality gate for the text stage, on public test data: NeMo's English normalization cases, per class, and
pySBD's 48 English sentence-boundary Golden Rules.

Floors live in ``quality_baseline.json`` beside this file and only move up (see its ``_about``). Every run
writes the table to ``tests/artifacts/quality-table.txt`` (and prints it; ``-s`` shows it live), with the
cases that still fail, so raising a floor is: read the table, edit the file.

The data is read from ``../shared/data`` (read-only, licences beside it), never copied into the project.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from newscaster.text.normalize import TextNormalizer
from newscaster.text.sentences import split_sentences

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
NEMO_CASES = DATA / "nemo-tn-en"
GOLDEN_RULES = DATA / "pysbd-golden-rules" / "english_golden_rules.json"
BASELINE = Path(__file__).with_name("quality_baseline.json")
TABLE = Path(__file__).resolve().parents[1] / "artifacts" / "quality-table.txt"
OVERALL = "all NeMo classes"
AUDIO_FORMAT = "test_cases_normalize_with_audio.txt"
"""One case per block: ``~written`` then one right answer a line (the other files: ``written~answer~…``)."""


# ---------------------------------------------------------------------------------------------------------
# Comparison and data
# ---------------------------------------------------------------------------------------------------------


def spoken_key(text: str) -> str:
    """What has to match for two spoken forms to sound the same.

    Lowercase; punctuation, quote marks and hyphens are pauses or nothing, so they go ("twenty-three" =
    "twenty three"); an apostrophe inside a word stays ("ninth's", curly or straight); "and" goes (NeMo says
    "one hundred and five", we say "one hundred five"); runs of single letters join ("U.S" = "u s" = "US");
    British "-tre" spellings compare as "-ter" ("kilometres" = "kilometers": the voices say them alike).
    """
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"(?<!\w)'|'(?!\w)", " ", text)
    text = re.sub(r"[^\w' ]", " ", text.replace("-", " ").replace(".", " "))
    text = re.sub(r"\band\b", " ", text)
    text = re.sub(r"(?<=[a-z])tre(s?)\b", r"ter\1", text)
    text = " ".join(text.split())
    return re.sub(r"\b(\w) (?=\w\b)", r"\1", text)


def nemo_cases(path: Path) -> list[tuple[str, list[str]]]:
    """``(written, right answers)`` of one NeMo test file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.name == AUDIO_FORMAT:
        cases: list[tuple[str, list[str]]] = []
        for line in lines:
            if line.startswith("~"):
                cases.append((line[1:], []))
            elif cases and line.strip():
                cases[-1][1].append(line)
        return cases
    return [(line.split("~")[0], line.split("~")[1:]) for line in lines if "~" in line]


def class_name(path: Path) -> str:
    return path.stem.removeprefix("test_cases_")


# ---------------------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------------------


@dataclass
class ClassScore:
    name: str
    passed: int = 0
    total: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)
    """(written, what we say, NeMo's first answer)"""

    @property
    def percent(self) -> float:
        return 100.0 * self.passed / self.total if self.total else 0.0


@dataclass
class Scores:
    classes: dict[str, ClassScore]
    overall: ClassScore
    golden_passed: int
    golden_total: int
    golden_failures: list[str]


def score_nemo(normalizer: TextNormalizer) -> dict[str, ClassScore]:
    scores: dict[str, ClassScore] = {}
    for path in sorted(NEMO_CASES.glob("test_cases_*.txt")):
        score = scores[class_name(path)] = ClassScore(class_name(path))
        for written, answers in nemo_cases(path):
            said = normalizer.normalize(written)
            score.total += 1
            if any(spoken_key(said) == spoken_key(answer) for answer in answers):
                score.passed += 1
            else:
                score.failures.append((written, said, answers[0] if answers else ""))
    return scores


def score_golden_rules() -> tuple[int, int, list[str]]:
    rules = json.loads(GOLDEN_RULES.read_text(encoding="utf-8"))
    failures = []
    for rule in rules:
        spans = split_sentences(rule["text"])
        assert all(rule["text"][s.start_char : s.end_char] == s.text for s in spans), "offsets broken"
        got = [span.text for span in spans]
        if got != rule["sentences"]:
            failures.append(f"{rule['n']} {rule['rule']}: {got}")
    return len(rules) - len(failures), len(rules), failures


def floor_of(score: ClassScore) -> float:
    """The floor a score allows: its percentage rounded down to one decimal."""
    return math.floor(score.percent * 10 + 1e-9) / 10


def load_baseline(text: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(BASELINE.read_text(encoding="utf-8") if text is None else text)
    return document


def table(scores: Scores, baseline: dict[str, Any]) -> str:
    floors = baseline["nemo_floors"]
    deliberate = baseline["deliberate_differences"]
    header = (
        f"{'class':26} {'passed':>6} {'total':>5} {'%':>6} {'floor':>6} {'deliberate':>10} {'gaps':>5}  note"
    )
    lines = ["NeMo-text-processing English normalization cases (tests/text/test_quality_gate.py)", header]
    for score in [*scores.classes.values(), scores.overall]:
        failing = {written for written, _, _ in score.failures}
        listed = deliberate if score is scores.overall else deliberate.get(score.name, {})
        chosen = sum(written in failing for written in _listed_cases(listed))
        floor = floors.get(score.name, baseline["nemo_overall_floor"] if score is scores.overall else None)
        note = f"floor can rise to {floor_of(score)}" if floor is not None and floor_of(score) > floor else ""
        lines.append(
            f"{score.name:26} {score.passed:>6} {score.total:>5} {score.percent:>6.1f} "
            f"{floor if floor is not None else '-':>6} {chosen:>10} {len(score.failures) - chosen:>5}  {note}"
        )
    overall = scores.overall
    chosen_overall = sum(written in set(_listed_cases(deliberate)) for written, _, _ in overall.failures)
    judged = overall.total - chosen_overall
    lines += [
        "",
        f"Without the deliberate differences: {overall.passed}/{judged} = "
        f"{100 * overall.passed / judged:.1f} % of the cases whose convention we share (aim: 98 %)",
        "",
        f"pySBD English Golden Rules: {scores.golden_passed}/{scores.golden_total} "
        f"(floor {baseline['golden_rules_floor']})",
        "",
        "'deliberate': failing cases listed in quality_baseline.json as conventions we do not follow;",
        "'gaps': everything else that fails. Failing cases (written | we say | NeMo expects):",
    ]
    listed_all = set(_listed_cases(deliberate))
    for score in scores.classes.values():
        for written, said, expected in score.failures:
            mark = "deliberate" if written in listed_all else "gap"
            lines.append(f"  [{score.name}, {mark}] {written!r} | {said!r} | {expected!r}")
    lines += [f"  [golden rule] {failure}" for failure in scores.golden_failures]
    return "\n".join(lines) + "\n"


def _listed_cases(listed: dict[str, Any]) -> list[str]:
    """The written forms under ``deliberate_differences`` (or one class of it): reason → list of cases."""
    cases: list[str] = []
    for value in listed.values():
        if isinstance(value, dict):
            cases += _listed_cases(value)
        elif isinstance(value, list):
            cases += value
    return cases


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return load_baseline()


@pytest.fixture(scope="module")
def scores(text_normalizer: TextNormalizer, baseline: dict[str, Any]) -> Scores:
    missing = [p for p in (NEMO_CASES, GOLDEN_RULES) if not p.exists()]
    if missing:
        pytest.skip(f"the public test data is not beside this checkout: {', '.join(map(str, missing))}")
    classes = score_nemo(text_normalizer)
    overall = ClassScore(
        OVERALL,
        passed=sum(s.passed for s in classes.values()),
        total=sum(s.total for s in classes.values()),
        failures=[f for s in classes.values() for f in s.failures],
    )
    result = Scores(classes, overall, *score_golden_rules())
    report = table(result, baseline)
    TABLE.parent.mkdir(parents=True, exist_ok=True)
    TABLE.write_text(report, encoding="utf-8")
    print("\n" + report)
    return result


# ---------------------------------------------------------------------------------------------------------
# The gate
# ---------------------------------------------------------------------------------------------------------


def test_every_nemo_class_holds_its_floor(scores: Scores, baseline: dict[str, Any]) -> None:
    """The floors in the baseline are at or below today's scores; a class that drops below fails."""
    floors = baseline["nemo_floors"]
    dropped = [
        f"{name}: {score.percent:.1f} % < floor {floors[name]}"
        for name, score in scores.classes.items()
        if name in floors and score.percent + 1e-9 < floors[name]
    ]
    assert not dropped, "quality dropped below the pinned floor:\n" + "\n".join(dropped) + f"\nsee {TABLE}"


def test_overall_nemo_accuracy_holds_its_floor(scores: Scores, baseline: dict[str, Any]) -> None:
    assert scores.overall.percent + 1e-9 >= baseline["nemo_overall_floor"], f"see {TABLE}"


def test_golden_rules_hold_their_floor(scores: Scores, baseline: dict[str, Any]) -> None:
    assert scores.golden_total == 48
    assert scores.golden_passed >= baseline["golden_rules_floor"], "\n".join(scores.golden_failures)


def test_baseline_pins_every_class_and_only_real_cases(scores: Scores, baseline: dict[str, Any]) -> None:
    """Each class in the data has a floor, each floor a class; deliberate differences name real cases that
    still fail (one that passes now is no longer a difference: take it off the list)."""
    assert set(baseline["nemo_floors"]) == set(scores.classes)
    assert baseline["golden_rules_floor"] <= 48
    for name, listed in baseline["deliberate_differences"].items():
        assert name in scores.classes, f"deliberate_differences: no class {name!r}"
        failing = {written for written, _, _ in scores.classes[name].failures}
        for written in _listed_cases(listed):
            assert written in failing, f"{name}: {written!r} is listed as a deliberate difference but passes"


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=BASELINE.parent, capture_output=True, text=True, check=True
    ).stdout


def floors_before_the_last_change() -> tuple[str, str]:
    """``(what it is, the baseline's text)`` before the newest change to it: the committed file when the
    working copy differs from it, else the file as it was before the last commit that changed it.

    Comparing with ``HEAD`` alone would compare a committed file with itself and let a commit that lowers
    floors pass. Skips (with the reason) where git history cannot say: no git, an uncommitted new file, a
    shallow clone that lacks the earlier commit, or a baseline that was added by its only commit.
    """
    path = f"tests/text/{BASELINE.name}"
    try:
        last_change = _git("log", "-n", "1", "--format=%H", "--", BASELINE.name).strip()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("no git history to compare the floors with (not a git checkout)")
    if not last_change:
        pytest.skip(f"{path} is not committed yet: no earlier floors to compare with")
    committed = _git("show", f"{last_change}:./{BASELINE.name}")
    if load_baseline(committed) != load_baseline():
        return f"the committed file ({last_change[:10]})", committed
    try:
        return f"the file before commit {last_change[:10]}", _git("show", f"{last_change}^:./{BASELINE.name}")
    except subprocess.CalledProcessError:
        pytest.skip(f"no earlier {path} in the history (the commit that added it, or a shallow clone)")


def test_floors_only_rise() -> None:
    """Against the floors before the newest change to them: no floor went down, no class disappeared."""
    what, before_text = floors_before_the_last_change()
    before, current = load_baseline(before_text), load_baseline()
    lowered = [
        f"{name}: {floor} → {current['nemo_floors'].get(name)}"
        for name, floor in before["nemo_floors"].items()
        if current["nemo_floors"].get(name, -1) < floor
    ]
    for key in ("nemo_overall_floor", "golden_rules_floor"):
        if current[key] < before[key]:
            lowered.append(f"{key}: {before[key]} → {current[key]}")
    assert not lowered, f"floors only move up (compared with {what}):\n" + "\n".join(lowered)
