"""Checks for lab 2, *Building the timeline*."""
from __future__ import annotations

import pandas as pd

from .core import (Feedback, Problem, close, load, need_dataframe, need_series, right, safe_check,
                   wrong)

# The levels of the data dictionary (timeline.csv, column `level`), from the top down.
LEVELS = ["central", "provincial", "city", "district", "street", "community"]


def timeline() -> pd.DataFrame:
    return load("timeline")


def need_counts(frame: pd.DataFrame) -> pd.DataFrame:
    """The cells of a table as numbers, or a plain-words problem."""
    numbers = frame.apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any():
        raise Problem("Some cells of your table are not numbers. A cross-tabulation holds counts in every cell.")
    return numbers


def months(index: pd.Index) -> list[str]:
    """An index of months (periods, dates or 'YYYY-MM' text) as 'YYYY-MM' strings."""
    if isinstance(index, pd.PeriodIndex):
        return list(index.strftime("%Y-%m"))
    try:
        return list(pd.to_datetime(index.astype(str), format="mixed").strftime("%Y-%m"))
    except (ValueError, TypeError):
        raise Problem("The index of your Series should be months (for example periods made with "
                      "`.dt.to_period('M')`), but it holds something else.") from None


# ------------------------------------------------------------------ task 1
@safe_check
def task1(phase_by_mechanism) -> Feedback:
    """Cross-tabulation: one row per phase, one column per mechanism, counts in the cells."""
    frame = need_dataframe(phase_by_mechanism, "a cross-tabulation as a DataFrame (try pd.crosstab)")
    data = timeline()
    expected = pd.crosstab(data["phase"], data["mechanism"])
    rows, cols = set(map(str, frame.index)), set(map(str, frame.columns))
    phases, mechanisms = set(expected.index), set(expected.columns)
    if rows == mechanisms and cols == phases:
        return wrong("Your table is turned on its side: put the phases in the rows and the mechanisms "
                     "in the columns (swap the two arguments of `pd.crosstab`).")
    if "All" in rows or "All" in cols:
        return wrong("Your table has an 'All' row or column of totals. Leave the totals out "
                     "(drop `margins=True`): the check compares the cells only.")
    if rows != phases:
        return wrong("The rows of your table should be the phases of the timeline, one row per phase.")
    if cols != mechanisms:
        return wrong("The columns of your table should be the mechanisms of the timeline, one column per mechanism.")
    frame = need_counts(frame)
    frame.index, frame.columns = frame.index.map(str), frame.columns.map(str)
    frame = frame.reindex(index=expected.index, columns=expected.columns)
    if close(float(frame.to_numpy().sum()), 1.0, 1e-6) or close(float(frame.sum(axis=1).mean()), 1.0, 1e-6):
        return wrong("Your cells hold shares. This task asks for counts of events: leave out `normalize`.")
    if not (frame.to_numpy() == expected.to_numpy()).all():
        return wrong("The rows and columns are right but some counts are not. Count every event of the "
                     "timeline once, by its `phase` and its `mechanism`.")
    return right("Which phases hold almost all the events, and which strand of the response reaches into every phase?")


# ------------------------------------------------------------------ task 2
@safe_check
def task2(level_counts) -> Feedback:
    """Events per level, for all six levels from central down to community, zeros included."""
    answer = need_series(level_counts, "a Series of counts indexed by level")
    data = timeline()
    expected = data["level"].value_counts().reindex(LEVELS, fill_value=0)
    index = [str(i) for i in answer.index]
    if set(index) <= set(data["phase"]) or set(index) <= set(data["mechanism"]):
        return wrong("Your counts are grouped by another column. Count the events at each *level*.")
    if not set(index) <= set(LEVELS):
        return wrong("The index of your Series should be the six levels of government listed in the task.")
    if set(index) != set(LEVELS):
        return wrong("Some levels are missing from your Series: a level with no events should appear with "
                     "the count 0. `value_counts` leaves such levels out; `.reindex(levels, fill_value=0)` "
                     "puts them back.")
    if index != LEVELS:
        return wrong("All six levels are there, but not in order. Put them in the order of the list "
                     "`levels`, from central down to community (`.reindex(levels)` does this).")
    values = pd.to_numeric(answer, errors="coerce")
    if values.isna().any():
        return wrong("Some of your values are not numbers (NaN). Fill the empty levels with 0.")
    if not [float(v) for v in values] == [float(v) for v in expected]:
        return wrong("The levels are right but some counts are not. Count every row of the timeline once.")
    return right("Two levels have no dated event at all. Keep that in mind: a zero in a table of the "
                 "source's events is a fact about the source, not about the province or the streets.")


# ------------------------------------------------------------------ task 3
def need_axes(answer):
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(answer, Axes):
        return answer
    if isinstance(answer, Figure):
        raise Problem("You gave the whole Figure. The task asks for its Axes, the object you draw on: "
                      "keep what `.plot(...)` returns, or use `fig, ax = plt.subplots()` and give `ax`.")
    if isinstance(answer, (pd.DataFrame, pd.Series)):
        raise Problem("You gave a table, not a chart. Call `.plot(...)` on the table and keep what it "
                      "returns: that is the Axes the task asks for.")
    if type(answer).__name__ == "ndarray":
        raise Problem("You gave several Axes at once. Draw the chart on a single Axes.")
    raise Problem(f"You gave {('an ' if type(answer).__name__[0].lower() in 'aeiou' else 'a ') + type(answer).__name__}; "
                  "the task asks for a matplotlib Axes (what `.plot(...)` returns).")


@safe_check
def task3(ax) -> Feedback:
    """A bar chart of the cross-tabulation: the Axes, with the counts as bars and a labelled value axis."""
    from matplotlib.patches import Rectangle

    ax = need_axes(ax)
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    if not bars:
        return wrong("Your chart has no bars. Use `kind=\"bar\"` (or `ax.bar`) to draw one bar per phase.")
    total = len(timeline())
    heights = sum(abs(b.get_height()) for b in bars)
    widths = sum(abs(b.get_width()) for b in bars)
    if close(heights, total, 1e-6):
        value_label, sizes = ax.get_ylabel(), [b.get_height() for b in bars]
    elif close(widths, total, 1e-6):
        value_label, sizes = ax.get_xlabel(), [b.get_width() for b in bars]
    else:
        return wrong("The bars do not add up to the number of events in the timeline. Plot the counts "
                     "of task 1, with every event in exactly one bar segment (stacked bars do this).")
    cells = int((pd.crosstab(timeline()["phase"], timeline()["mechanism"]) > 0).to_numpy().sum())
    if sum(1 for size in sizes if size) < cells:
        return wrong("Your bars count the events but do not split them by mechanism. Plot the whole "
                     "cross-tabulation of task 1, one bar segment per phase and mechanism.")
    if not value_label.strip():
        return wrong("Label the axis that shows the counts (for example with `ax.set_ylabel(...)`): a "
                     "reader must know what the bars measure.")
    phases = timeline()["phase"].nunique()
    if len(bars) > phases and len({b.get_hatch() for b in bars}) < 2:
        return wrong("The bars are right, but only colour tells the mechanisms apart. Give each "
                     "mechanism its own hatching pattern (`bar.set_hatch(...)`), then redraw the legend.")
    return right("Read the chart: where are the tall bars, and is their height about the epidemic or "
                 "about how the source tells it?")


# ------------------------------------------------------------------ task 4
@safe_check
def task4(events_per_month) -> Feedback:
    """Events per calendar month, in date order (months without events may appear as 0)."""
    answer = need_series(events_per_month, "a Series of counts indexed by month")
    data = timeline()
    expected = data["date"].dt.to_period("M").value_counts().sort_index()
    expected.index = expected.index.strftime("%Y-%m")
    if set(map(str, answer.index)) <= set(data["phase"]):
        return wrong("Your counts are grouped by phase. This task counts events per calendar month of the `date` column.")
    labels = months(answer.index)
    values = pd.to_numeric(pd.Series(list(answer)), errors="coerce")
    if values.isna().any():
        return wrong("Some of your values are not numbers (NaN). Count events, and use 0 for empty months.")
    if len(set(labels)) < len(labels):
        return wrong("Several entries of your Series fall in the same month: you counted days (or dates), "
                     "not months. Turn each date into its month first, e.g. with `.dt.to_period(\"M\")`.")
    if sorted(labels) != labels:
        return wrong("The months are not in date order. Sort the Series by its index (`.sort_index()`).")
    counted = {m: float(v) for m, v in zip(labels, values) if v != 0}
    if float(values.sum()) != float(expected.sum()):
        return wrong("Your counts do not add up to the number of events in the timeline. Count every row once.")
    if counted != {m: float(v) for m, v in expected.items()}:
        return wrong("Your months do not match the months of the timeline's dates. Count the events per "
                     "calendar month of `date`, one entry per month.")
    return right("Two months hold most of the events. Before you read that as two bursts of activity, "
                 "look at the `date_precision` column: task 5.")


# ------------------------------------------------------------------ task 5
@safe_check
def task5(day_share) -> Feedback:
    """Percentage of events in each phase that the source dates to the day."""
    answer = need_series(day_share, "a Series of percentages indexed by phase")
    data = timeline()
    is_day = data["date_precision"] == "day"
    expected = is_day.groupby(data["phase"]).mean() * 100
    index = [str(i) for i in answer.index]
    if set(index) != set(expected.index):
        if set(index) <= set(data["date_precision"]):
            return wrong("Your Series is indexed by precision. This task asks for one percentage per *phase*.")
        return wrong("The index of your Series should be the phases, one entry per phase.")
    values = pd.to_numeric(pd.Series(list(answer), index=index), errors="coerce").reindex(expected.index)
    if values.isna().any():
        return wrong("Some of your values are not numbers (NaN). A phase with no day-dated event has the share 0.")
    if all(close(v, e / 100, 1e-3) for v, e in zip(values, expected)):
        return wrong("Those are proportions between 0 and 1. The task asks for percentages: multiply by 100.")
    counts = is_day.groupby(data["phase"]).sum()
    if all(close(v, c, 1e-6) for v, c in zip(values, counts.reindex(expected.index))):
        return wrong("Those are counts of day-dated events. Divide each by the number of events in its phase.")
    of_all = counts / len(data) * 100
    if all(close(v, o, 0.05) for v, o in zip(values, of_all.reindex(expected.index))):
        return wrong("You divided by the number of events in the whole timeline. Divide by the number of "
                     "events in each phase instead (group by phase and take the mean of a True/False column).")
    if values.max() > 100 or values.min() < 0:
        return wrong("A percentage of a phase's events lies between 0 and 100.")
    if not all(close(v, e, 0.05) for v, e in zip(values, expected)):
        return wrong("The phases are right but some percentages are not. For each phase, take the share "
                     "of its events whose `date_precision` is \"day\".")
    return right("Compare the phases: in which one does the source pin its events to a day, and in which "
                 "does it only say that something happened during the phase?")
