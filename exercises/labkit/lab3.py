"""Checks for lab 3, *Capacity arithmetic*."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .core import (Feedback, Problem, close, load, need_columns, need_dataframe, need_number, right,
                   safe_check, wrong)

ASSUMPTIONS = ["pooling", "vanguard_share", "days"]
RESULTS = ["tubes_needed", "tubes_available", "covered"]
# The assumptions of the sensitivity table, as the lab builds it (pd.MultiIndex.from_product).
POOLING = [1, 5, 10, 20]
VANGUARD_SHARE = [1.0, 0.5, 0.25]
DAYS = [3, 7]


def scenario_grid() -> set[tuple[float, float, float]]:
    """Every combination of the assumptions, once."""
    return {(float(p), float(s), float(d)) for p in POOLING for s in VANGUARD_SHARE for d in DAYS}


def capacity_figures() -> tuple[float, float, float]:
    """Daily capacity (F13), samples taken (F14) and the days they took (F15), from figures.csv."""
    figures = load("figures").set_index("id")
    wanted = {"F13": "tubes per day", "F14": "person-times", "F15": "days"}
    for fid, unit in wanted.items():
        if fid not in figures.index or figures.loc[fid, "unit"] != unit:
            raise Problem("The reference data do not hold the testing figures this lab expects; tell your instructor.")
    return tuple(float(figures.loc[fid, "value"]) for fid in wanted)  # type: ignore[return-value]


# ------------------------------------------------------------------ task 1
@safe_check
def task1(tubes_3_days) -> Feedback:
    """Tubes the emergency vanguard could test in the days the sampling took."""
    value = need_number(tubes_3_days, "a number of tubes")
    capacity, samples, days = capacity_figures()
    target = capacity * days
    if close(value, capacity, 0.5):
        return wrong("That is one day's capacity. The samples were taken over several days: use the "
                     "number of days the source gives (figure F15).")
    if close(value, capacity / days, 0.5):
        return wrong("You divided the daily capacity by the days. Capacity per day times days gives the tubes.")
    if close(value, samples, 0.5):
        return wrong("That is the number of samples, not of tubes. Start from the daily capacity (figure F13).")
    if not close(value, target, 0.5):
        return wrong("Not yet. Multiply the daily capacity (F13) by the number of days (F15).")
    return right("Put this number next to the samples taken in the same days: they are not of the same size.")


# ------------------------------------------------------------------ task 2
@safe_check
def task2(samples_per_tube) -> Feedback:
    """Samples per tube implied if the vanguard alone tested every sample within those days."""
    value = need_number(samples_per_tube, "a number of samples per tube")
    capacity, samples, days = capacity_figures()
    target = samples / (capacity * days)
    if close(value, 1 / target, 1e-4):
        return wrong("Your ratio is upside down: that is tubes per sample. Divide the samples by the tubes.")
    if close(value, samples / capacity, 0.01):
        return wrong("You divided by one day's capacity. Use the tubes of the whole period (task 1).")
    if close(value, target * 100, 0.5):
        return wrong("This is a ratio, not a percentage: leave out the factor 100.")
    if close(value, round(target), 1e-9) and not close(value, target, 0.01):
        return wrong("You rounded to a whole number. Give the ratio with two decimals; task 5 asks about whole samples.")
    if not close(value, target, 0.01):
        return wrong("Not yet. Divide the samples taken (F14) by the tubes of task 1.")
    return right("No laboratory puts a fraction of a sample in a tube: what would have to be true for this ratio to make sense?")


# ------------------------------------------------------------------ task 3
@safe_check
def task3(days_needed) -> Feedback:
    """Days the vanguard would need to test every sample at one sample per tube."""
    value = need_number(days_needed, "a number of days")
    capacity, samples, days = capacity_figures()
    target = samples / capacity
    if close(value, samples / (capacity * days), 0.01):
        return wrong("That is the number of samples per tube from task 2. Here, divide the samples by one day's capacity.")
    if close(value, 1 / target, 1e-4):
        return wrong("Your ratio is upside down: divide the samples by the daily capacity.")
    if close(value, target * days, 0.05):
        return wrong("You multiplied by the three days as well. Samples divided by tubes per day already gives days.")
    if not close(value, target, 0.05):
        return wrong("Not yet. At one sample per tube, the days needed are the samples (F14) divided by the daily capacity (F13).")
    return right("Compare this with the days the source gives for the sampling.")


# ------------------------------------------------------------------ task 4
@safe_check
def task4(sensitivity) -> Feedback:
    """The scenarios, with tubes needed, tubes available and whether capacity covers the samples."""
    frame = need_dataframe(sensitivity, "the scenarios table with three new columns")
    need_columns(frame, ASSUMPTIONS + RESULTS)
    capacity, samples, _ = capacity_figures()
    table = frame[ASSUMPTIONS + RESULTS].copy()
    for column in ASSUMPTIONS + RESULTS[:2]:
        table[column] = pd.to_numeric(table[column], errors="coerce")
    if table[ASSUMPTIONS + RESULTS[:2]].isna().any().any():
        return wrong("Some cells of your numeric columns are empty or not numbers. Compute every column for every row.")
    if len(table) == 0:
        return wrong("Your table has no rows. Add the new columns to `scenarios` without filtering it.")
    rows = [tuple(float(v) for v in row) for row in table[ASSUMPTIONS].itertuples(index=False)]
    if len(rows) != len(set(rows)) or set(rows) != scenario_grid():
        return wrong("Your table should keep every scenario of `scenarios` once, as given: add columns to "
                     "it, do not filter, change or repeat rows.")
    share, pooling, days = table["vanguard_share"], table["pooling"], table["days"]
    needed = samples * share / pooling
    if not all(close(a, b, 0.5) for a, b in zip(table["tubes_needed"], needed)):
        if all(close(a, b, 0.5) for a, b in zip(table["tubes_needed"], samples * share)):
            return wrong("`tubes_needed` ignores pooling. With several samples in one tube, fewer tubes are "
                         "needed: divide by the `pooling` column.")
        if all(close(a, b, 0.5) for a, b in zip(table["tubes_needed"], samples * share * pooling)):
            return wrong("`tubes_needed` multiplies by pooling. Pooling puts several samples in one tube, so "
                         "it *reduces* the tubes needed: divide instead.")
        if all(close(a, b, 0.5) for a, b in zip(table["tubes_needed"], samples / pooling)):
            return wrong("`tubes_needed` ignores the vanguard's share. Multiply by `vanguard_share`: the "
                         "other laboratories would test the rest.")
        return wrong("`tubes_needed` is not right yet: the samples the vanguard tests (samples times its "
                     "share), divided by the samples per tube.")
    available = capacity * days
    if not all(close(a, b, 0.5) for a, b in zip(table["tubes_available"], available)):
        if all(close(a, capacity, 0.5) for a in table["tubes_available"]):
            return wrong("`tubes_available` is one day's capacity in every row. Multiply by the `days` column.")
        return wrong("`tubes_available` is not right yet: the daily capacity (F13) times the `days` column.")
    covered = table["covered"]
    if not all(isinstance(v, (bool, np.bool_)) for v in covered):
        return wrong("`covered` should hold True or False in every row: the result of comparing two columns.")
    expected = list(available >= needed)
    flags = [bool(v) for v in covered]
    if flags == [not e for e in expected] or flags == list(available <= needed) or flags == list(available < needed):
        return wrong("`covered` is the wrong way round. Capacity covers the samples when the tubes available "
                     "are at least the tubes needed.")
    if flags != expected:
        return wrong("`covered` is not right yet: compare `tubes_available` with `tubes_needed`, row by row.")
    return right("Sort or filter the table by `covered`: which assumptions must hold together before the "
                 "stated capacity can explain the stated volume?")


# ------------------------------------------------------------------ task 5
@safe_check
def task5(min_pooling) -> Feedback:
    """Smallest whole number of samples per tube for the vanguard alone, in the stated days."""
    value = need_number(min_pooling, "a whole number of samples per tube")
    capacity, samples, days = capacity_figures()
    exact = samples / (capacity * days)
    target = math.ceil(exact)
    if close(value, exact, 0.01) and not close(value, target, 1e-9):
        return wrong("That is the exact ratio of task 2. The task asks for a whole number of samples per tube: round it.")
    if close(value, math.floor(exact), 1e-9) and math.floor(exact) != target:
        return wrong("You rounded down. With that many samples per tube, some samples would be left "
                     "untested: round *up* (`math.ceil`).")
    if value in POOLING and value != target:
        return wrong("That is one of the pooling ratios of the table. The task asks for the smallest whole "
                     "number that works, which need not be one of the table's ratios.")
    if not close(value, target, 1e-9):
        return wrong("Not yet. Start from the ratio of task 2 and round it up to a whole number.")
    return right("The source says nothing about pooling: this number is what its two figures would require, not what was done.")
