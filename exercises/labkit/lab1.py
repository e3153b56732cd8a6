"""Checks for lab 1, *Reading the case data*."""
from __future__ import annotations

import pandas as pd

from .core import (Feedback, Problem, close, load, need_columns, need_dataframe, need_number,
                   need_series, right, safe_check, wrong)

TIMELINE_COLUMNS = ["id", "date", "phase", "level", "actor", "event", "mechanism", "source_section"]
LOCAL_LEVELS = {"district", "street", "community"}


@safe_check
def task1(timeline) -> Feedback:
    """The timeline table, read with its dates parsed."""
    frame = need_dataframe(timeline, "the timeline as a DataFrame (use pd.read_csv)")
    need_columns(frame, TIMELINE_COLUMNS)
    expected = load("timeline")
    if len(frame) != len(expected):
        return wrong(f"Your table has {len(frame)} rows; the file has a different number. Read the whole file, without filtering.")
    if not pd.api.types.is_datetime64_any_dtype(frame["date"]):
        return wrong("The `date` column holds text, not dates. Ask `pd.read_csv` to parse it: look up its `parse_dates` argument.")
    return right("The timeline is loaded, with real dates.")


@safe_check
def task2(events_per_phase) -> Feedback:
    """Number of events in each phase."""
    answer = need_series(events_per_phase, "a Series of counts indexed by phase (try value_counts)")
    expected = load("timeline")["phase"].value_counts()
    if set(answer.index) != set(expected.index):
        if set(answer.index) <= set(load("timeline")["mechanism"]) or set(answer.index) <= set(load("timeline")["level"]):
            return wrong("Your counts are grouped by another column. Count the events in each *phase*.")
        return wrong("The index of your Series should be the phase names, one per phase in the data.")
    answer = pd.to_numeric(answer, errors="coerce")
    if answer.sum() != expected.sum():
        return wrong("Your counts do not add up to the number of events in the timeline. Count every row once.")
    if not answer.reindex(expected.index).equals(expected.astype(answer.dtype)):
        return wrong("The phases are right but some counts are not. Count rows, not unique values of another column.")
    return right("Now compare the phases: which has the most dated events, and is that about the epidemic or about the source?")


@safe_check
def task3(local_events) -> Feedback:
    """Events at district, street or community level."""
    frame = need_dataframe(local_events, "the rows of the timeline at district, street or community level")
    need_columns(frame, ["id", "level"])
    expected = load("timeline")
    expected = expected[expected["level"].isin(LOCAL_LEVELS)]
    levels = set(frame["level"])
    if levels - LOCAL_LEVELS:
        return wrong(f"Your table still has rows at other levels ({', '.join(sorted(levels - LOCAL_LEVELS))}). Keep only district, street and community.")
    if set(frame["id"]) != set(expected["id"]):
        missing = set(expected["level"]) - levels
        if missing:
            return wrong(f"Your table has no rows at {', '.join(sorted(missing))} level, but the data do. Use `.isin([...])` with all three levels.")
        return wrong("Some local events are missing or doubled. Filter the full timeline once with a boolean mask.")
    return right("Compare this number with the whole timeline: how often does the source date the work of districts, streets and communities?")


def chain_counts() -> tuple[float, float, float]:
    """The cases in the Delta chain, those found via the yellow code, and the close contacts."""
    figures = load("figures")
    cases = figures[figures["unit"] == "cases"]

    def pick(word: str, exclude: str = "\0") -> float:
        rows = cases[cases["measures"].str.contains(word, case=False) & ~cases["measures"].str.contains(exclude, case=False)]
        if len(rows) != 1:
            raise Problem("The reference data do not identify the 167-case figures; tell your instructor.")
        return float(rows["value"].iloc[0])

    return pick("transmission chain", "asymptomatic|close contact"), pick("asymptomatic"), pick("close contact")


@safe_check
def task4(share_asymptomatic) -> Feedback:
    """Share of the 167 cases that were asymptomatic infections found via the yellow code (percent, 1 decimal)."""
    value = need_number(share_asymptomatic, "a percentage, as a number")
    total, part, other = chain_counts()
    target = round(part / total * 100, 1)
    if close(value, target / 100, 0.0006):
        return wrong("That is a proportion between 0 and 1. The source prints a percentage: multiply by 100.")
    if close(value, round(other / total * 100, 1), 0.06):
        return wrong("You used the close contacts. This task is about the asymptomatic cases found via the yellow code.")
    if close(value, round(total / part * 100, 1), 0.06) or value > 100:
        return wrong("Your share is above 100%: divide the part by the whole, not the whole by the part.")
    if not close(value, target, 0.05):
        return wrong("Not the printed share. Find the two counts in `figures` (the cases in the chain, and the asymptomatic cases found via the yellow code) and divide.")
    return right("Your figure matches the one the source prints.")


@safe_check
def task5(unaccounted) -> Feedback:
    """Cases in the chain that are neither of the two groups the source counts."""
    value = need_number(unaccounted, "a count of cases")
    total, part, other = chain_counts()
    target = total - part - other
    if value < 0:
        return wrong("A count cannot be negative: subtract the two groups from the total.")
    if close(value, total - part, 0.5) or close(value, total - other, 0.5):
        return wrong("You subtracted only one of the two groups from the total.")
    if not close(value, target, 0.5):
        return wrong("Not yet. Subtract both groups the source counts from the total number of cases in the chain.")
    return right("The two groups leave a few cases unexplained, and the source does not say whether the groups overlap.")
