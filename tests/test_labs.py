"""Layer 5: the data labs (exercises/lab*.md) and their checks (exercises/labkit/).

* Every model solution shown in a lab passes its check (the solution code is taken
  from the lab's own {solution} block, so the page and the test cannot disagree).
* Typical wrong answers get the expected message (at least two per task).
* Each starter notebook runs top to bottom with its blanks left as they are.
* The checks never raise, whatever they are given (property-based, with hypothesis).
"""
from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbclient import NotebookClient

from conftest import ROOT

EXERCISES = ROOT / "exercises"
sys.path.insert(0, str(EXERCISES))
from labkit import Feedback, data_dir  # noqa: E402

LABS = sorted(EXERCISES.glob("lab[0-9]*.md"))
TASK_CELL = re.compile(r"^(?P<var>\w+) = \.\.\.\s+# your code here\s*$(?P<rest>.*?)^check\.(?P<task>task\d+)\(", re.M | re.S)


def lab_module(lab: Path):
    number = re.match(r"lab(\d+)", lab.name).group(1)
    return importlib.import_module(f"labkit.lab{number}")


def code_cells(lab: Path) -> list[str]:
    notebook = jupytext.read(lab)
    return [c.source for c in notebook.cells if c.cell_type == "code"]


def solutions(lab: Path) -> dict[int, str]:
    """Python code of each {solution} block, by task number."""
    text = lab.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^````\{solution\} ex-lab\d+-(\d+)\n(.*?)^````\s*$", text, re.M | re.S):
        code = re.search(r"```python\n(.*?)```", match.group(2), re.S)
        assert code, f"{lab.name}: solution {match.group(1)} has no python code block"
        found[int(match.group(1))] = code.group(1)
    return found


def test_there_are_five_labs():
    assert len(LABS) == 5, [p.name for p in LABS]


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_every_model_solution_passes_its_check(lab, monkeypatch):
    """Run the lab with each blank replaced by its model solution; every check must pass."""
    monkeypatch.chdir(EXERCISES)
    module = lab_module(lab)
    answers = solutions(lab)
    namespace: dict = {"display": lambda *a, **k: None}
    results = {}
    for source in code_cells(lab):
        match = TASK_CELL.search(source)
        if match:
            number = int(match["task"].removeprefix("task"))
            assert number in answers, f"{lab.name}: task {number} has no model solution"
            exec(answers[number], namespace)
            feedback = getattr(module, match["task"])(namespace[match["var"]])
            results[number] = feedback
        else:
            exec(source, namespace)
    assert results, f"{lab.name} has no task cells"
    failing = {n: f.text() for n, f in results.items() if not f.correct}
    assert not failing, f"{lab.name}: model solutions fail their checks: {failing}"
    assert sorted(results) == sorted(answers), "every solution belongs to a task cell"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_starter_notebook_runs_with_blanks(lab, tmp_path):
    notebook = jupytext.read(lab)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(EXERCISES)}})
    client.execute()  # raises CellExecutionError on any error
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = str(outputs)
    assert "You have not answered yet" in text, "the blanks should be reported as unanswered"


# ------------------------------------------------------------- wrong answers
def timeline() -> pd.DataFrame:
    return pd.read_csv(data_dir() / "timeline.csv", parse_dates=["date"])

# ---- helper factories for the wrong answers of labs 2-5 (built from the data at run time)
LEVELS = ["central", "provincial", "city", "district", "street", "community"]
PHASE_ORDER = ["early-2020", "imported-cases", "delta-2021", "lukou-2021"]


def figure_value(fid: str) -> float:
    return float(pd.read_csv(data_dir() / "figures.csv").set_index("id").loc[fid, "value"])


def crosstab(normalize=False, margins=False) -> pd.DataFrame:
    t = timeline()
    return pd.crosstab(t["phase"], t["mechanism"], normalize=normalize, margins=margins)


def bar_chart(table: pd.DataFrame | None = None, ylabel: str = "Events", hatch: bool = True):
    """A stacked bar chart drawn on a Figure outside pyplot (no global state)."""
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    (crosstab() if table is None else table).loc[PHASE_ORDER].plot(kind="bar", stacked=True, ax=ax)
    if hatch:
        for bars, pattern in zip(ax.containers, ["", "//", "..", "xx"]):
            for bar in bars:
                bar.set_hatch(pattern)
    ax.set_ylabel(ylabel)
    return ax


def sensitivity(pooling: str = "divide", covered: str = "ok", one_day: bool = False) -> pd.DataFrame:
    capacity, samples = figure_value("F13"), figure_value("F14")
    frame = pd.MultiIndex.from_product(
        [[1, 5, 10, 20], [1.0, 0.5, 0.25], [3, 7]], names=["pooling", "vanguard_share", "days"]
    ).to_frame(index=False)
    needed = samples * frame["vanguard_share"]
    frame["tubes_needed"] = needed / frame["pooling"] if pooling == "divide" else (
        needed * frame["pooling"] if pooling == "multiply" else needed)
    frame["tubes_available"] = capacity if one_day else capacity * frame["days"]
    frame["covered"] = frame["tubes_available"] >= frame["tubes_needed"]
    if covered == "reversed":
        frame["covered"] = ~frame["covered"]
    return frame


def lab4():
    return importlib.import_module("labkit.lab4")


def example_codes() -> pd.DataFrame:
    return pd.DataFrame({"id": list(lab4().EXAMPLE), "code": list(lab4().EXAMPLE.values())})


def pair_stats() -> tuple[float, float]:
    """Observed and chance agreement of the practice pair (proportions)."""
    pair = lab4().practice_pair()
    observed = float((pair["example"] == pair["reference"]).mean())
    chance = float((pair["example"].value_counts(normalize=True) * pair["reference"].value_counts(normalize=True)).sum())
    return observed, chance


def lab5_links() -> pd.DataFrame:
    return importlib.import_module("labkit.lab5").links()


def lab5_segments(swap: bool = False) -> pd.DataFrame:
    links = lab5_links()
    actors = sorted(set(links["from_actor"]) | set(links["to_actor"]))
    xy = pd.DataFrame({"x": range(len(actors)), "y": [i % 3 for i in range(len(actors))]}, index=actors)
    start, end = ("to_actor", "from_actor") if swap else ("from_actor", "to_actor")
    return links.assign(x_from=links[start].map(xy["x"]), y_from=links[start].map(xy["y"]),
                        x_to=links[end].map(xy["x"]), y_to=links[end].map(xy["y"]))


def lab5_diagram(lines: bool = True, labels: bool = True, dashed: bool = True):
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    segments = lab5_segments()
    if lines:
        for link in segments.itertuples():
            style = "--" if dashed and link.evidence == "implied" else "-"
            ax.plot([link.x_from, link.x_to], [link.y_from, link.y_to], linestyle=style)
    if labels:
        for actor in sorted(set(segments["from_actor"]) | set(segments["to_actor"])):
            ax.text(0, 0, actor)
    return ax


WRONG_ANSWERS = {
    # (lab, task): [(answer factory, expected fragment of the message), ...]
    (1, 1): [
        (lambda: pd.read_csv(data_dir() / "timeline.csv"), "holds text, not dates"),
        (lambda: timeline().head(5), "rows"),
        (lambda: timeline()["date"], "Series"),
        (lambda: timeline().drop(columns="level"), "lacks the column"),
    ],
    (1, 2): [
        (lambda: timeline()["level"].value_counts(), "another column"),
        (lambda: timeline()["phase"].value_counts().iloc[:2], "one per phase"),
        (lambda: "early-2020", "str"),
    ],
    (1, 3): [
        (lambda: timeline()[timeline()["level"] == "district"], "no rows at"),
        (lambda: timeline(), "other levels"),
        (lambda: [1, 2, 3], "list"),
    ],
    (1, 4): [
        (lambda: 53 / 167, "proportion"),
        (lambda: round(109 / 167 * 100, 1), "close contacts"),
        (lambda: "31.7", "Remove the quotes"),
        (lambda: 167 / 53 * 100, "above 100"),
        (lambda: pd.Series([1.0, 2.0]), "one number"),
    ],
    (1, 5): [
        (lambda: 167 - 53, "only one of the two groups"),
        (lambda: -5, "negative"),
        (lambda: [5], "list"),
    ],
    (2, 1): [
        (lambda: crosstab().T, "on its side"),
        (lambda: crosstab(margins=True), "'All'"),
        (lambda: crosstab(normalize="index"), "shares"),
        (lambda: timeline()["phase"], "Series"),
    ],
    (2, 2): [
        (lambda: timeline()["level"].value_counts(), "missing"),
        (lambda: timeline()["level"].value_counts().reindex(sorted(LEVELS), fill_value=0), "not in order"),
        (lambda: timeline()["phase"].value_counts(), "another column"),
    ],
    (2, 3): [
        (lambda: bar_chart().figure, "whole Figure"),
        (lambda: crosstab(), "table, not a chart"),
        (lambda: bar_chart(ylabel=""), "Label the axis"),
        (lambda: bar_chart(crosstab(normalize="index")), "do not add up"),
        (lambda: bar_chart(hatch=False), "only colour"),
        (lambda: bar_chart(timeline()["phase"].value_counts().to_frame()), "do not split them"),
    ],
    (2, 4): [
        (lambda: timeline()["date"].value_counts().sort_index(), "counted days"),
        (lambda: timeline()["date"].dt.to_period("M").value_counts(), "not in date order"),
        (lambda: timeline()["phase"].value_counts(), "grouped by phase"),
    ],
    (2, 5): [
        (lambda: (timeline()["date_precision"] == "day").groupby(timeline()["phase"]).mean(), "proportions"),
        (lambda: (timeline()["date_precision"] == "day").groupby(timeline()["phase"]).sum(), "counts of day-dated"),
        (lambda: (timeline()["date_precision"] == "day").groupby(timeline()["phase"]).sum() / len(timeline()) * 100,
         "whole timeline"),
        (lambda: timeline()["date_precision"].value_counts(), "indexed by precision"),
    ],
    (3, 1): [
        (lambda: figure_value("F13"), "one day's capacity"),
        (lambda: figure_value("F14"), "number of samples"),
        (lambda: figure_value("F13") / figure_value("F15"), "divided"),
        (lambda: "1560000", "Remove the quotes"),
    ],
    (3, 2): [
        (lambda: figure_value("F13") * figure_value("F15") / figure_value("F14"), "upside down"),
        (lambda: figure_value("F14") / figure_value("F13"), "one day's capacity"),
        (lambda: round(figure_value("F14") / (figure_value("F13") * figure_value("F15"))), "rounded"),
    ],
    (3, 3): [
        (lambda: figure_value("F14") / (figure_value("F13") * figure_value("F15")), "samples per tube"),
        (lambda: figure_value("F14") / figure_value("F13") * figure_value("F15"), "three days as well"),
        (lambda: figure_value("F13") / figure_value("F14"), "upside down"),
    ],
    (3, 4): [
        (lambda: sensitivity(pooling="ignore"), "ignores pooling"),
        (lambda: sensitivity(pooling="multiply"), "reduces"),
        (lambda: sensitivity(covered="reversed"), "wrong way round"),
        (lambda: sensitivity(one_day=True), "one day's capacity"),
        (lambda: sensitivity().drop(columns="covered"), "lacks the column"),
        (lambda: sensitivity().query("covered"), "every scenario"),
    ],
    (3, 5): [
        (lambda: figure_value("F14") / (figure_value("F13") * figure_value("F15")), "whole number"),
        (lambda: 12, "rounded down"),
        (lambda: 20, "pooling ratios of the table"),
    ],
    (4, 1): [
        (lambda: example_codes().replace("emergency regime", "Emergency Regime"), "almost right"),
        (lambda: example_codes().replace("joint services", "policy"), "not one of the three"),
        (lambda: example_codes().iloc[:-1], "no code yet"),
        (lambda: pd.concat([example_codes(), example_codes().iloc[:1]]), "more than once"),
        (lambda: example_codes().set_index("id")["code"], "Series"),
        (lambda: example_codes().rename(columns={"code": "label"}), "lacks the column"),
    ],
    (4, 2): [
        (lambda: pair_stats()[0], "proportion"),
        (lambda: pair_stats()[0] * len(lab4().practice_pair()), "number of events on which"),
        (lambda: 100 - pair_stats()[0] * 100, "disagreement"),
    ],
    (4, 3): [
        (lambda: 1 / 3, "equally likely"),
        (lambda: pair_stats()[1] * 100, "percentage"),
        (lambda: pair_stats()[1] * len(lab4().practice_pair()) ** 2, "multiplied counts"),
    ],
    (4, 4): [
        (lambda: pair_stats()[0], "observed agreement"),
        (lambda: (pair_stats()[0] * 100 - pair_stats()[1]) / (1 - pair_stats()[1]), "mixed a percentage"),
        (lambda: pair_stats()[0] - pair_stats()[1], "did not divide"),
    ],
    (4, 5): [
        (lambda: lab4().practice_pair().query("example == reference"), "where the two codings"),
        (lambda: lab4().practice_pair(), "every event"),
        (lambda: lab4().practice_pair()["id"], "Series"),
    ],
    (5, 1): [
        (lambda: lab5_links()["evidence"].value_counts(), "another column"),
        (lambda: lab5_links()["kind"].value_counts(normalize=True), "shares"),
        (lambda: ["above", "below"], "list"),
    ],
    (5, 2): [
        (lambda: lab5_links()["from_actor"].value_counts(), "only one end"),
        (lambda: lab5_links()["kind"].value_counts(), "grouped by kind"),
        (lambda: pd.concat([lab5_links()["from_actor"], lab5_links()["to_actor"]]).value_counts().sort_index(),
         "sort them"),
    ],
    (5, 3): [
        (lambda: lab5_segments(swap=True), "different coordinates"),
        (lambda: lab5_segments().iloc[:-3], "one row per link"),
        (lambda: lab5_segments().drop(columns="y_to"), "lacks the column"),
        (lambda: lab5_segments().assign(x_to=np.nan), "missing (NaN)"),
    ],
    (5, 4): [
        (lambda: lab5_diagram().figure, "whole Figure"),
        (lambda: lab5_diagram(lines=False), "fewer lines"),
        (lambda: lab5_diagram(labels=False), "no actor labels"),
        (lambda: lab5_diagram(dashed=False), "looks the same"),
    ],
    (5, 5): [
        (lambda: pd.crosstab(lab5_links()["evidence"], lab5_links()["kind"]), "on its side"),
        (lambda: pd.crosstab(lab5_links()["kind"], lab5_links()["evidence"], margins=True), "'All'"),
        (lambda: pd.crosstab(lab5_links()["kind"], lab5_links()["evidence"], normalize=True), "do not add up"),
    ],
}
WRONG_CASES = [(lab, task, factory, fragment) for (lab, task), cases in WRONG_ANSWERS.items() for factory, fragment in cases]


@pytest.mark.parametrize("lab, task, factory, fragment", WRONG_CASES, ids=lambda v: str(v) if not callable(v) else "")
def test_typical_wrong_answers_get_helpful_messages(lab, task, factory, fragment):
    check = getattr(importlib.import_module(f"labkit.lab{lab}"), f"task{task}")
    feedback = check(factory())
    assert isinstance(feedback, Feedback)
    assert not feedback.correct
    assert fragment.lower() in feedback.message.lower(), feedback.message


def test_every_task_has_at_least_two_wrong_answers_tested():
    for lab in LABS:
        number = int(re.match(r"lab(\d+)", lab.name).group(1))
        tasks = {int(m["task"].removeprefix("task")) for m in TASK_CELL.finditer(lab.read_text(encoding="utf-8"))}
        for task in tasks:
            assert len(WRONG_ANSWERS.get((number, task), [])) >= 2, f"lab {number} task {task} needs two wrong answers"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_blank_and_none_answers(lab):
    module = lab_module(lab)
    for name in [n for n in dir(module) if re.fullmatch(r"task\d+", n)]:
        blank = getattr(module, name)(...)
        assert not blank.correct and "not answered yet" in blank.message
        none = getattr(module, name)(None)
        assert not none.correct and "None" in none.message


# ------------------------------------------------------------- never raise
ANYTHING = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.lists(st.integers(), max_size=5), st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.builds(lambda n: pd.DataFrame({"x": range(n)}), st.integers(0, 5)),
    st.builds(lambda n: pd.Series(np.arange(n, dtype=float)), st.integers(0, 5)),
    st.just(pd.DataFrame()), st.just(...), st.builds(object),
)


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=ANYTHING)
def test_checks_never_raise(lab, answer):
    module = lab_module(lab)
    for name in [n for n in dir(module) if re.fullmatch(r"task\d+", n)]:
        feedback = getattr(module, name)(answer)
        assert isinstance(feedback, Feedback)
        assert isinstance(feedback.message, str) and feedback.message


def test_lab4_printed_example_matches_the_checks_example():
    """Lab 4's practice tasks compare a printed example coding; the page and labkit must agree."""
    text = (EXERCISES / "lab4-coding.md").read_text(encoding="utf-8")
    block = re.search(r"^your_coding = (\{.*?^\})", text, re.M | re.S)
    assert block, "lab 4 no longer defines your_coding"
    printed = eval(block.group(1), {})  # a literal dict written in the lab
    module = importlib.import_module("labkit.lab4")
    assert printed == module.EXAMPLE


# ------------------------------------------------------------- starter notebooks
STARTERS = EXERCISES / "_starters"


def test_every_lab_has_a_starter_notebook_without_solutions(complete_html):
    for lab in LABS:
        starter = STARTERS / f"{lab.stem}.ipynb"
        assert starter.is_file(), f"no starter notebook for {lab.name}"
        notebook = nbformat.read(starter, as_version=4)
        text = "\n".join(cell.source for cell in notebook.cells)
        assert "{solution}" not in text and "{exercise}" not in text and "{ref}" not in text
        for code in solutions(lab).values():
            for line in code.strip().splitlines():
                if len(line.strip()) > 25:
                    assert line.strip() not in text, f"{starter.name} contains solution code: {line.strip()}"


@pytest.mark.parametrize("edition", ["complete", "student"])
def test_starter_notebooks_are_downloadable_in_both_editions(edition, request):
    site = request.getfixturevalue(f"{edition}_html")
    downloads = {p.name for p in (site / "_downloads").rglob("*.ipynb")}
    assert {f"{lab.stem}.ipynb" for lab in LABS} <= downloads


def test_starter_notebook_runs_from_the_exercises_folder(complete_html):
    notebook = nbformat.read(STARTERS / f"{LABS[0].stem}.ipynb", as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(EXERCISES)}}).execute()
    assert "You have not answered yet" in str([c.get("outputs") for c in notebook.cells if c.cell_type == "code"])
