"""Checks for lab 4, *Coding the case*.

The lab asks students to code twelve events of the case into the source's three mechanisms
and to measure how far two codings agree. The reference coding below is *not* a model
answer: it is a second coder to compare with. It follows one transparent rule, the place
where the source itself discusses each event (its paragraph in the case account, or the
part of the mechanism analysis that uses it as an example).
"""
from __future__ import annotations

import pandas as pd

from .core import (Feedback, Problem, close, load, need_columns, need_dataframe, need_number, right,
                   safe_check, wrong)

LABELS = ["emergency regime", "information integration", "joint services"]

# The twelve events of the lab: lab id -> row of timeline.csv (T..) or measures.csv (M..).
SOURCE_IDS = {
    "E01": "T10", "E02": "T15", "E03": "T08", "E04": "T07", "E05": "T22", "E06": "T14",
    "E07": "T24", "E08": "M61", "E09": "T12", "E10": "T25", "E11": "T20", "E12": "T19",
}

# The reference coder's rule: where the source discusses the event. Section three, paragraphs
# 2-4, narrates the three mechanisms in turn; section four, parts (一)-(三), analyses them.
RULE = {
    "三¶2": "emergency regime", "三¶3": "information integration", "三¶4": "joint services",
    "四(一)": "emergency regime", "四(二)": "information integration", "四(三)": "joint services",
}

# The example coding printed in the lab as the starting value of `your_coding`.
EXAMPLE = {
    "E01": "emergency regime", "E02": "information integration", "E03": "joint services",
    "E04": "joint services", "E05": "joint services", "E06": "joint services",
    "E07": "joint services", "E08": "information integration", "E09": "emergency regime",
    "E10": "joint services", "E11": "information integration", "E12": "emergency regime",
}


# ------------------------------------------------------------------ the two codings
def source_rows() -> pd.DataFrame:
    """The twelve events with their text and source section, read from the case data."""
    timeline = load("timeline").set_index("id")
    measures = load("measures").set_index("id")
    text = pd.concat([timeline["event"], measures["description"]])
    section = pd.concat([timeline["source_section"], measures["source_section"]])
    rows = pd.DataFrame({"id": list(SOURCE_IDS), "source_id": list(SOURCE_IDS.values())})
    rows["text"] = rows["source_id"].map(text)
    rows["source_section"] = rows["source_id"].map(section)
    if rows[["text", "source_section"]].isna().any().any():
        raise Problem("The reference data do not hold the events of this lab; tell your instructor.")
    return rows


def rule(section: str) -> str:
    for prefix, label in RULE.items():
        if section == prefix or (prefix.startswith("四") and section.startswith(prefix)):
            return label
    raise Problem("The reference coding has no rule for one of the events; tell your instructor.")


def reference_coding() -> pd.DataFrame:
    """The reference coding: one row per event, columns id and code."""
    rows = source_rows()
    return pd.DataFrame({"id": rows["id"], "code": rows["source_section"].map(rule)})


def practice_pair() -> pd.DataFrame:
    """The example coding and the reference side by side: columns id, example, reference."""
    reference = reference_coding()
    return pd.DataFrame({"id": reference["id"], "example": reference["id"].map(EXAMPLE),
                         "reference": reference["code"]})


def chance_agreement(a: pd.Series, b: pd.Series) -> float:
    """Agreement expected by chance from the two coders' own label shares."""
    shares_a = a.value_counts(normalize=True)
    shares_b = b.value_counts(normalize=True)
    return float(shares_a.mul(shares_b, fill_value=0).sum())


def cohen_kappa(a: pd.Series, b: pd.Series) -> float:
    """Cohen's kappa of two codings of the same items, aligned by position."""
    observed = float((a.to_numpy() == b.to_numpy()).mean())
    expected = chance_agreement(a, b)
    if close(expected, 1.0, 1e-12):
        return float("nan")
    return (observed - expected) / (1 - expected)


# ------------------------------------------------------------------ task 1
def read_codes(codes) -> pd.DataFrame:
    """A student's coding as a clean DataFrame (id, code), or a Problem in plain words."""
    frame = need_dataframe(codes, "a DataFrame with the columns `id` and `code`")
    need_columns(frame, ["id", "code"])
    ids = [str(i) for i in frame["id"]]
    expected = list(SOURCE_IDS)
    if len(set(ids)) < len(ids):
        raise Problem("Some event ids appear more than once. Code each event exactly once.")
    if set(ids) - set(expected):
        raise Problem("Your table has ids that are not in `events` "
                      f"({', '.join(sorted(set(ids) - set(expected))[:5])}). Use the ids E01 to E12 of `events`.")
    if set(expected) - set(ids):
        raise Problem("Some events have no code yet. Give every event of `events` one code.")
    blank = frame["code"].isna() | (frame["code"].astype(str).str.strip() == "")
    if blank.any():
        raise Problem("Some events have an empty code. Give every event one of the three labels.")
    labels = [str(c) for c in frame["code"]]
    unknown = sorted(set(labels) - set(LABELS))
    if unknown:
        near = [u for u in unknown if u.strip().lower() in LABELS]
        if near:
            raise Problem(f"The label {near[0]!r} is almost right: write the labels exactly as listed, in "
                          "lower case and without extra spaces.")
        raise Problem(f"The label {unknown[0]!r} is not one of the three allowed labels. Use only: "
                      + ", ".join(f'"{label}"' for label in LABELS) + ".")
    return pd.DataFrame({"id": ids, "code": labels})


@safe_check
def task1(codes) -> Feedback:
    """Your coding as a DataFrame: every event once, with an allowed label."""
    read_codes(codes)
    return right("Your coding is complete and uses the three labels. Keep a note of the events you "
                 "found hard to code: they are the ones to discuss.")


# ------------------------------------------------------------------ tasks 2-5: the practice pair
def pair_numbers() -> tuple[float, float, float, int]:
    pair = practice_pair()
    same = pair["example"] == pair["reference"]
    observed = float(same.mean())
    expected = chance_agreement(pair["example"], pair["reference"])
    return observed, expected, cohen_kappa(pair["example"], pair["reference"]), len(pair)


@safe_check
def task2(agreement) -> Feedback:
    """Percent agreement of the practice pair."""
    value = need_number(agreement, "a percentage, as a number")
    observed, _, _, n = pair_numbers()
    target = observed * 100
    if close(value, observed, 1e-6) and not close(observed, 1.0, 1e-9):
        return wrong("That is a proportion between 0 and 1. Give it as a percentage: multiply by 100.")
    if close(value, observed * n, 1e-6):
        return wrong("That is the number of events on which the two agree. Divide it by the number of events, then multiply by 100.")
    if close(value, 100 - target, 1e-6):
        return wrong("That is the percentage of *disagreement*. Count the events where the two codes are equal.")
    if not close(value, target, 0.05):
        return wrong("Not yet. Compare the two columns of `pair` row by row (`==`) and take the mean of the result.")
    return right("Now ask how much of that agreement two coders would reach by chance alone.")


@safe_check
def task3(chance) -> Feedback:
    """Agreement expected by chance for the practice pair (a proportion)."""
    value = need_number(chance, "a proportion between 0 and 1")
    _, expected, _, n = pair_numbers()
    labels = pd.concat([practice_pair()["example"], practice_pair()["reference"]]).nunique()
    if close(value, expected * 100, 1e-4) and expected * 100 > 1:
        return wrong("That is a percentage. Give the chance agreement as a proportion between 0 and 1.")
    if close(value, 1 / labels, 1e-4) and not close(value, expected, 1e-4):
        return wrong("That assumes each label is equally likely. Use the shares with which *each coder* "
                     "actually used each label (`value_counts(normalize=True)`).")
    if close(value, expected * n * n, 1e-6):
        return wrong("You multiplied counts. Multiply the two coders' *shares* of each label (`normalize=True`), then add them up.")
    if value > 1 or value < 0:
        return wrong("A chance agreement is a proportion between 0 and 1.")
    if not close(value, expected, 1e-4):
        return wrong("Not yet. For each label, multiply the share of events the example gives it by the "
                     "share the reference gives it; then add the products over the labels.")
    return right("This is the agreement two coders with these label shares would reach by guessing.")


@safe_check
def task4(kappa) -> Feedback:
    """Cohen's kappa of the practice pair."""
    value = need_number(kappa, "a number (kappa is at most 1)")
    observed, expected, target, _ = pair_numbers()
    if close(value, observed, 1e-4):
        return wrong("That is the observed agreement. Kappa corrects it for chance: subtract the chance "
                     "agreement and divide by what is left above chance.")
    if close(value, (observed * 100 - expected) / (1 - expected), 0.05):
        return wrong("You mixed a percentage with a proportion: use the agreement as a proportion (divide it by 100) in the formula.")
    if close(value, observed - expected, 1e-4):
        return wrong("You subtracted the chance agreement but did not divide. Divide by 1 minus the chance agreement.")
    if value > 1:
        return wrong("Kappa cannot be larger than 1. Use proportions between 0 and 1 in the formula.")
    if not close(value, target, 0.01):
        return wrong("Not yet. Kappa is (observed agreement - chance agreement) / (1 - chance agreement), all as proportions.")
    return right("Kappa is lower than the raw agreement because part of the agreement is expected by chance.")


@safe_check
def task5(disagreements) -> Feedback:
    """The rows of the practice pair on which the two codings differ."""
    frame = need_dataframe(disagreements, "the rows of `pair` where the codes differ")
    pair = practice_pair()
    if "id" in frame.columns:
        ids = [str(i) for i in frame["id"]]
    elif set(map(str, frame.index)) <= set(pair["id"]) and len(frame):
        ids = [str(i) for i in frame.index]
    else:
        need_columns(frame, ["id"])
        ids = []
    differ = set(pair.loc[pair["example"] != pair["reference"], "id"])
    agree = set(pair["id"]) - differ
    if len(set(ids)) < len(ids):
        return wrong("Some events appear more than once. Keep each row of `pair` at most once.")
    if set(ids) == agree:
        return wrong("Those are the events where the two codings *agree*. Keep the rows where they differ (`!=`).")
    if set(ids) == set(pair["id"]):
        return wrong("Your table has every event. Keep only the rows where the two codes differ.")
    if not set(ids) <= set(pair["id"]):
        return wrong("Your table has ids that are not in `pair`. Filter the rows of `pair` itself.")
    if set(ids) != differ:
        return wrong("Some disagreements are missing, or some rows agree. Compare the `example` and "
                     "`reference` columns with `!=` and keep the rows where that is True.")
    return right("Read each disagreement: is the event really ambiguous, or does one coder apply the "
                 "definitions of the mechanisms differently?")


# ------------------------------------------------------------------ your coding against the reference
def compare(codes):
    """Agreement between the student's coding (task 1) and the reference, with the disagreements.

    Prints the percent agreement and kappa and returns the table of disagreements; if the
    coding is not ready, prints what to fix and returns None. Never raises.
    """
    try:
        if codes is Ellipsis or codes is None:
            raise Problem("Finish task 1 first: `codes` is not a table of codes yet.")
        mine = read_codes(codes)
        rows = source_rows()
        reference = reference_coding().set_index("id")["code"]
        table = rows[["id", "text"]].assign(
            yours=rows["id"].map(mine.set_index("id")["code"]), reference=rows["id"].map(reference))
        agreement = float((table["yours"] == table["reference"]).mean() * 100)
        kappa = cohen_kappa(table["yours"], table["reference"])
        kappa_text = "not defined (both codings use a single label)" if kappa != kappa else f"{kappa:.2f}"
        print(f"Your coding and the reference agree on {agreement:.0f}% of the events; Cohen's kappa is {kappa_text}.")
        return table[table["yours"] != table["reference"]].reset_index(drop=True)
    except Problem as problem:
        print(f"Not yet. {problem}")
    except Exception as error:  # never a traceback for a student
        print(f"The coding could not be compared ({type(error).__name__}). Check `codes` with task 1 first.")
    return None
