"""The parts every lab shares: feedback objects, safe checks, data loading, validators."""
from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

DATA_FILES = ("timeline.csv", "figures.csv", "measures.csv")


@dataclass(frozen=True)
class Feedback:
    """The result of a check: right or not, and what to look at next."""

    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def text(self) -> str:
        return ("Correct. " if self.correct else "Not yet. ") + self.message

    def __repr__(self) -> str:
        return self.text()

    def _repr_markdown_(self) -> str:
        mark = "✔ **Correct.**" if self.correct else "✘ **Not yet.**"
        return f"{mark} {self.message}"


def right(message: str = "Well done.") -> Feedback:
    return Feedback(True, message)


def wrong(message: str) -> Feedback:
    return Feedback(False, message)


class Problem(Exception):
    """Raised inside a check to report a problem with the answer (never escapes)."""


def safe_check(function: Callable[..., Feedback]) -> Callable[..., Feedback]:
    """Wrap a check so that it handles blanks and never raises."""

    @functools.wraps(function)
    def wrapper(*answers: Any) -> Feedback:
        if any(a is Ellipsis for a in answers):
            return wrong("You have not answered yet: replace the `...` with your code, then run the cell again.")
        if any(a is None for a in answers):
            return wrong(
                "Your answer is `None`. This usually means the last line of your code prints or "
                "modifies something instead of returning it: assign the result itself to the variable."
            )
        try:
            return function(*answers)
        except Problem as problem:
            return wrong(str(problem))
        except Exception as error:  # a check must never show a traceback to a student
            return wrong(
                f"The check could not read your answer ({type(error).__name__}). Look at its type and "
                "shape with `type(...)` and `.head()`, and compare them with what the task asks for."
            )

    return wrapper


# ------------------------------------------------------------------ the case data
def data_dir() -> Path:
    """Find the case data: $LAB_DATA, ../book/data (the repository), ./data, or the package's repo."""
    candidates = []
    if os.environ.get("LAB_DATA"):
        candidates.append(Path(os.environ["LAB_DATA"]))
    candidates += [Path("../book/data"), Path("book/data"), Path("data"), Path(__file__).resolve().parents[2] / "book" / "data"]
    for folder in candidates:
        if all((folder / name).is_file() for name in DATA_FILES):
            return folder.resolve()
    raise FileNotFoundError(
        "The case data were not found. Run the lab from the repository's exercises/ folder "
        "(`make lab`), or download timeline.csv, figures.csv and measures.csv from the book's "
        "'The case data' page into a folder named data/ next to this notebook."
    )


def load(name: str) -> pd.DataFrame:
    """The reference copy of a table, read the way the labs expect it."""
    path = data_dir() / f"{name}.csv"
    if name == "timeline":
        return pd.read_csv(path, parse_dates=["date"])
    return pd.read_csv(path)


# ------------------------------------------------------------------ validators
def kind(answer: Any) -> str:
    """'a list', 'an int', ...: the type of an answer in plain words."""
    name = {"str": "text string (str)", "ndarray": "NumPy array", "NoneType": "None"}.get(type(answer).__name__, type(answer).__name__)
    return ("an " if name[0].lower() in "aeiou" else "a ") + name


def need_dataframe(answer: Any, what: str = "a pandas DataFrame") -> pd.DataFrame:
    if isinstance(answer, pd.Series):
        raise Problem(f"You gave a Series (one column); the task asks for {what}. Did you select a single column by mistake?")
    if not isinstance(answer, pd.DataFrame):
        raise Problem(f"You gave {kind(answer)}; the task asks for {what}.")
    return answer


def need_columns(frame: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise Problem(
            f"Your table lacks the column(s) {', '.join(repr(c) for c in missing)}. "
            f"It has: {', '.join(map(repr, frame.columns[:12]))}."
        )


def need_series(answer: Any, what: str = "a pandas Series") -> pd.Series:
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        return answer.iloc[:, 0]
    if isinstance(answer, dict):
        return pd.Series(answer)
    if not isinstance(answer, pd.Series):
        raise Problem(f"You gave {kind(answer)}; the task asks for {what}.")
    return answer


def need_number(answer: Any, what: str = "a number") -> float:
    if isinstance(answer, bool):
        raise Problem(f"You gave True or False; the task asks for {what}.")
    if isinstance(answer, str):
        try:
            float(answer.strip().rstrip("%"))
        except ValueError:
            raise Problem(f"You gave the text {answer!r}; the task asks for {what}.") from None
        raise Problem(f"You gave a text string ({answer!r}); the task asks for {what}. Remove the quotes.")
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        if answer.size == 1:
            answer = answer.squeeze()
        else:
            raise Problem(f"You gave {kind(answer)} with {answer.size} values; the task asks for one number. Select a single value, for example with `.iloc[0]` or `.sum()`.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Problem(f"You gave {kind(answer)}; the task asks for {what}.") from None
    if math.isnan(value):
        raise Problem("Your answer is NaN (not a number): a value was missing in your calculation. Check the rows you selected.")
    return value


def close(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance
