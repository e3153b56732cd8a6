"""Validation of the case data (book/data/datapackage.json) with readable messages.

``problems(package_path)`` returns a list of messages, each naming the file, the row
(as numbered in the file, header = row 1) and the column, for

* every error the Frictionless validator finds (types, required values, enums,
  patterns, primary and foreign keys), and
* the book's own rule that every dated event lies inside the source's period.

(The printed shares are recomputed from their counts in tests/test_data.py.)

Run it by hand with ``python tests/datacheck.py [path/to/datapackage.json]``.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from frictionless import Package, system

PERIOD = (pd.Timestamp("2019-12-01"), pd.Timestamp("2021-12-31"))


def frictionless_problems(package_path: Path) -> list[str]:
    messages = []
    with system.use_context(trusted=True):
        package = Package(str(package_path))
        report = package.validate()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            where = f"{task.name}.csv" if not task.place.endswith(".csv") else Path(task.place).name
            parts = [where]
            if row is not None:
                parts.append(f"row {row}")
            if field:
                parts.append(f"column {field}")
            cell = getattr(error, "cell", None)
            value = f" (value {cell!r})" if cell not in (None, "") else ""
            messages.append(f"{', '.join(parts)}: {error.title}{value}: {error.note}")
    return messages


def rule_problems(data_dir: Path) -> list[str]:
    messages = []
    timeline = pd.read_csv(data_dir / "timeline.csv", dtype=str)
    for index, value in timeline["date"].items():
        date = pd.to_datetime(value, errors="coerce")
        if pd.isna(date) or not (PERIOD[0] <= date <= PERIOD[1]):
            messages.append(
                f"timeline.csv, row {index + 2}, column date: {value!r} is outside the source's period "
                f"{PERIOD[0].date()} to {PERIOD[1].date()}"
            )
    return messages


def problems(package_path: Path) -> list[str]:
    package_path = Path(package_path)
    found = frictionless_problems(package_path)
    if not found:
        found += rule_problems(package_path.parent)
    return found


if __name__ == "__main__":
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "book/data/datapackage.json")
    messages = problems(path)
    print("\n".join(messages) or f"{path}: valid")
    sys.exit(1 if messages else 0)
