"""Checks for lab 5, *Actors and links*.

The lab builds its own small table of links between actors from the source's case account
(section three, plus one example from section four). ``LINKS`` below is the checks' copy of
that table: it must stay identical to the `links` cell of ``lab5-actors.md`` (the tests run
every model solution against these checks, so a difference shows up at once).
"""
from __future__ import annotations

import pandas as pd

from .core import (Feedback, Problem, close, need_columns, need_dataframe, need_series, right,
                   safe_check, wrong)

COLUMNS = ["from_actor", "to_actor", "kind", "relation", "evidence", "source_section"]
KINDS = ["above", "inside", "below", "outside"]

LINKS = [
    ("Central leading group", "City leadership", "above", "issued policies and work requirements to local governments", "implied", "三¶1"),
    ("Guangdong province", "City leadership", "above", "launched the provincial response to a major public-health emergency", "implied", "三¶1"),
    ("Guangdong province", "City leadership", "above", "required grid-based prevention in every village and community; the city carried it out", "described", "三¶4"),
    ("National working group", "City leadership", "above", "recognised the city's response to Delta", "described", "三¶5"),
    ("City leadership", "Task forces", "inside", "set up task forces in stages under the leadership group", "described", "三¶2"),
    ("City leadership", "Health Commission", "inside", "both acted on 31 December 2019; whether the leaders instructed the commission is not stated", "implied", "三¶2"),
    ("Health Commission", "Hospitals", "inside", "told hospitals and health institutions to step up surveillance, train staff and prepare", "described", "三¶2"),
    ("City leadership", "Hospitals", "inside", "sent severe cases to designated municipal hospitals", "described", "三¶2"),
    ("City leadership", "Suikang mini-program", "inside", "named the mini-program its platform for government-society interaction", "described", "三¶3"),
    ("Big-data centre", "Suikang mini-program", "inside", "the Digital Government platform and big-data centre carried its data distribution", "described", "三¶3"),
    ("City leadership", "Districts", "below", "guided the districts, which set up control groups level by level", "described", "三¶2"),
    ("Districts", "Communities", "below", "carried control work groups down to every community and village", "described", "三¶2"),
    ("City leadership", "Communities", "below", "sent Party-member cadres down to take on grid duties", "described", "三¶5"),
    ("Communities", "Grid workers", "below", "the two committees built the grid organisation and its teams", "described", "三¶4"),
    ("City leadership", "Three-person teams", "below", "created the teams by a notice of the leadership group", "described", "三¶4"),
    ("Three-person teams", "Residents", "below", "visited households: temperature checks, registers, health education", "described", "三¶4"),
    ("Suikang mini-program", "Residents", "below", "collected health information; issued the Suikang code; offered services", "described", "三¶3"),
    ("Residents", "Suikang mini-program", "below", "public opinion shaped its updates; the channel is not described", "implied", "三¶3"),
    ("City leadership", "Small firms", "below", "issued fifteen measures for small, medium and micro enterprises", "described", "三¶5"),
    ("Guangzhou Laboratory", "KingMed", "outside", "built the Falcon air-membrane laboratory together", "described", "三¶3"),
    ("City leadership", "KingMed", "outside", "the testing force is presented as the city's; how the city engaged the firm is not stated", "implied", "三¶3"),
    ("City leadership", "Volunteers", "outside", "organised youth volunteers at vaccination and testing sites", "described", "三¶4"),
    ("Three-person teams", "Volunteers", "outside", "took volunteers into the 3+N teams", "described", "三¶4"),
    ("Three-person teams", "Couriers", "outside", "took couriers into the 3+N teams", "described", "三¶4"),
    ("Three-person teams", "Security and sanitation staff", "outside", "took security, disinfection-station and sanitation staff into the 3+N teams", "described", "三¶4"),
    ("City leadership", "Mobile operators", "outside", "relied on the operators' phone data for travel-history look-ups", "described", "四(二)¶1"),
]


def links() -> pd.DataFrame:
    """The links table of the lab."""
    return pd.DataFrame(LINKS, columns=COLUMNS)


def actors() -> list[str]:
    table = links()
    return sorted(set(table["from_actor"]) | set(table["to_actor"]))


def plain(text: str) -> str:
    """Text with line breaks and repeated spaces folded into single spaces."""
    return " ".join(str(text).split())


# ------------------------------------------------------------------ task 1
@safe_check
def task1(links_per_kind) -> Feedback:
    """Number of links of each kind."""
    answer = need_series(links_per_kind, "a Series of counts indexed by kind (try value_counts)")
    table = links()
    expected = table["kind"].value_counts()
    index = [str(i) for i in answer.index]
    if set(index) != set(expected.index):
        if set(index) <= set(table["evidence"]) or set(index) <= set(table["from_actor"]) | set(table["to_actor"]):
            return wrong("Your counts are grouped by another column. Count the links of each *kind*.")
        return wrong("The index of your Series should be the four kinds: above, below, inside and outside.")
    values = pd.to_numeric(pd.Series(list(answer), index=index), errors="coerce")
    if values.isna().any():
        return wrong("Some of your values are not numbers (NaN). Count the rows of `links` for each kind.")
    if close(float(values.sum()), 1.0, 1e-6):
        return wrong("Those are shares. The task asks for counts of links: leave out `normalize`.")
    if not all(close(values[k], expected[k], 1e-9) for k in expected.index):
        return wrong("The kinds are right but some counts are not. Count every row of `links` once.")
    return right("Which kind has the most links in the source's account, and which the fewest? Keep the "
                 "answer for the last task.")


# ------------------------------------------------------------------ task 2
@safe_check
def task2(link_counts) -> Feedback:
    """Links per actor, counting both ends of every link, from most to fewest."""
    answer = need_series(link_counts, "a Series of counts indexed by actor")
    table = links()
    expected = pd.concat([table["from_actor"], table["to_actor"]]).value_counts()
    index = [str(i) for i in answer.index]
    if set(index) <= set(KINDS) or set(index) <= set(table["evidence"]):
        return wrong("Your counts are grouped by kind or by evidence. Count links per *actor*.")
    values = pd.to_numeric(pd.Series(list(answer), index=index), errors="coerce")
    if values.isna().any():
        return wrong("Some of your values are not numbers (NaN). Count the links of every actor.")
    if set(index) < set(expected.index):
        sides = [table["from_actor"].value_counts(), table["to_actor"].value_counts()]
        if any(set(index) == set(side.index) for side in sides):
            return wrong("You counted only one end of each link. An actor can stand in `from_actor` or in "
                         "`to_actor`: put the two columns together (`pd.concat`) before counting.")
        return wrong("Some actors are missing from your Series. Every actor at either end of a link needs a count.")
    if set(index) != set(expected.index):
        return wrong("The index of your Series should be the names of the actors in `links`.")
    if len(set(index)) < len(index):
        return wrong("Some actors appear twice in your Series. Count each actor once.")
    if float(values.sum()) != float(expected.sum()):
        return wrong("Your counts do not add up to two per link (each link has two ends). Count both "
                     "columns, every row once.")
    if not all(close(values[a], expected[a], 1e-9) for a in expected.index):
        return wrong("The actors are right but some counts are not. Count how often each name occurs in "
                     "the two actor columns together.")
    if list(values) != sorted(values, reverse=True):
        return wrong("The counts are right; now sort them from most to fewest (`sort_values(ascending=False)`).")
    return right("One actor is at the centre of almost everything. Is that a finding about Guangzhou, or "
                 "about the point of view of the source?")


# ------------------------------------------------------------------ task 3
SEGMENT_COLUMNS = ["from_actor", "to_actor", "x_from", "y_from", "x_to", "y_to"]


@safe_check
def task3(segments) -> Feedback:
    """`links` with the coordinates of both ends of every link."""
    frame = need_dataframe(segments, "the `links` table with four coordinate columns added")
    need_columns(frame, SEGMENT_COLUMNS)
    table = links()
    pairs = sorted(zip(map(str, frame["from_actor"]), map(str, frame["to_actor"])))
    if len(frame) != len(table) or pairs != sorted(zip(table["from_actor"], table["to_actor"])):
        return wrong("Your table should have one row per link, as in `links`: add columns, do not merge "
                     "away or repeat rows. (A merge that finds no position drops the row.)")
    coords = frame[SEGMENT_COLUMNS[2:]].apply(pd.to_numeric, errors="coerce")
    if coords.isna().any().any():
        return wrong("Some coordinates are missing (NaN): an actor name in `links` was not found in "
                     "`positions`. Map each actor column to the `x` and `y` of `positions` by actor name.")
    places: dict[str, set] = {}
    for (a, b), (_, row) in zip(zip(frame["from_actor"], frame["to_actor"]), coords.iterrows()):
        places.setdefault(str(a), set()).add((round(float(row["x_from"]), 6), round(float(row["y_from"]), 6)))
        places.setdefault(str(b), set()).add((round(float(row["x_to"]), 6), round(float(row["y_to"]), 6)))
    if any(len(found) > 1 for found in places.values()):
        return wrong("The same actor gets different coordinates in different rows. Take `x_from` and "
                     "`y_from` from the position of `from_actor`, and `x_to` and `y_to` from that of `to_actor`.")
    if len({next(iter(p)) for p in places.values()}) < len(places):
        return wrong("Several actors share the same point. Give each actor its own position from `positions`.")
    return right("Every link now has two end points: that is all a drawing needs.")


# ------------------------------------------------------------------ task 4
@safe_check
def task4(ax) -> Feedback:
    """The diagram: one line per link and a text label for every actor."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(ax, Figure):
        raise Problem("You gave the whole Figure. Give its Axes, the object you drew on "
                      "(`fig, ax = plt.subplots(...)`).")
    if not isinstance(ax, Axes):
        raise Problem(f"You gave a {type(ax).__name__}; the task asks for the matplotlib Axes you drew the diagram on.")
    table = links()
    segments = [line for line in ax.lines
                if len(line.get_xdata()) == 2 and line.get_linestyle() not in ("None", "", " ")]
    if len(segments) < len(table):
        return wrong("Your diagram has fewer lines than there are links. Draw one line per row of "
                     "`segments` (`ax.plot([x_from, x_to], [y_from, y_to])` in a loop).")
    labels = {plain(t.get_text()) for t in ax.texts}
    missing = [a for a in actors() if a not in labels]
    if len(missing) == len(actors()):
        return wrong("Your diagram has no actor labels. Write each actor's name at its position with `ax.text(x, y, name)`.")
    if missing:
        return wrong(f"{len(missing)} actor(s) have no label, for example {missing[0]!r}. Label every actor of `positions`.")
    styles = {line.get_linestyle() for line in segments}
    if len(styles) < 2:
        return wrong("Every line looks the same. Draw the links the source only implies in another line "
                     "style (for example dashed, `linestyle=\"--\"`), so that a reader can tell them apart.")
    return right("Look at the picture as a whole: which parts of the diagram are dense, and which are "
                 "nearly empty?")


# ------------------------------------------------------------------ task 5
@safe_check
def task5(evidence_by_kind) -> Feedback:
    """Cross-tabulation of links: kinds in the rows, evidence in the columns."""
    frame = need_dataframe(evidence_by_kind, "a cross-tabulation as a DataFrame (try pd.crosstab)")
    table = links()
    expected = pd.crosstab(table["kind"], table["evidence"])
    rows, cols = set(map(str, frame.index)), set(map(str, frame.columns))
    if rows == set(expected.columns) and cols == set(expected.index):
        return wrong("Your table is turned on its side: put the kinds in the rows and the evidence in the columns.")
    if "All" in rows or "All" in cols:
        return wrong("Your table has an 'All' row or column of totals. Leave the totals out (drop `margins=True`).")
    if rows != set(expected.index) or cols != set(expected.columns):
        return wrong("The rows of your table should be the kinds of link and the columns the two kinds of evidence.")
    numbers = frame.apply(pd.to_numeric, errors="coerce")
    numbers.index, numbers.columns = numbers.index.map(str), numbers.columns.map(str)
    numbers = numbers.reindex(index=expected.index, columns=expected.columns)
    if numbers.isna().any().any():
        return wrong("Some cells of your table are not numbers. A cross-tabulation holds counts in every cell.")
    if not close(float(numbers.to_numpy().sum()), float(expected.to_numpy().sum()), 1e-6):
        return wrong("Your cells do not add up to the number of links. Count links, not shares: leave out `normalize`.")
    if not (numbers.to_numpy() == expected.to_numpy()).all():
        return wrong("The rows and columns are right but some counts are not. Count every link once, by its `kind` and its `evidence`.")
    return right("Now read the implied links one by one, and then think about the links that are not in the table at all.")
