"""Layer 1: the case data package (book/data/)."""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from conftest import ROOT
from datacheck import problems

DATA = ROOT / "book" / "data"
PACKAGE = DATA / "datapackage.json"
TABLES = ["timeline", "figures", "measures"]
SECTION = r"^[一二三四五](\([一二三]\))?¶[0-9]+$"


def table(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def schema(name: str) -> dict:
    package = json.loads(PACKAGE.read_text(encoding="utf-8"))
    return next(r for r in package["resources"] if r["name"] == name)["schema"]


def test_package_is_valid():
    found = problems(PACKAGE)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", TABLES)
def test_package_describes_every_column(name):
    fields = [f["name"] for f in schema(name)["fields"]]
    assert fields == list(table(name).columns)
    assert schema(name)["primaryKey"] in ("id", ["id"])


@pytest.mark.parametrize(
    "name, field",
    [("timeline", "phase"), ("timeline", "level"), ("timeline", "mechanism"), ("figures", "qualifier"), ("measures", "kind")],
)
def test_categorical_fields_have_a_vocabulary(name, field):
    spec = next(f for f in schema(name)["fields"] if f["name"] == field)
    vocabulary = spec.get("constraints", {}).get("enum")
    assert vocabulary, f"{name}.{field} has no enum constraint"
    assert set(table(name)[field]) <= set(vocabulary)


def test_timeline_vocabularies_are_the_books():
    assert set(table("timeline")["level"]) <= {"central", "provincial", "city", "district", "street", "community"}
    assert set(table("timeline")["mechanism"]) <= {
        "emergency regime", "information integration", "joint services", "economic and social policy"}
    assert set(table("timeline")["phase"]) <= {"early-2020", "imported-cases", "delta-2021", "lukou-2021"}


@pytest.mark.parametrize("name", TABLES)
def test_no_fact_row_lacks_a_source_section(name):
    sections = table(name)["source_section"]
    bad = sections[~sections.str.match(SECTION)]
    assert bad.empty, f"{name}.csv rows without a valid source section: {bad.to_dict()}"


def test_dates_lie_in_the_sources_period():
    dates = pd.to_datetime(table("timeline")["date"])
    assert dates.min() >= pd.Timestamp("2019-12-01") and dates.max() <= pd.Timestamp("2021-12-31")
    assert list(dates) == sorted(dates), "the timeline is not in date order"


def test_key_dates_are_recorded():
    dates = set(table("timeline")["date"])
    for day in ["2019-12-31", "2020-01-19", "2020-01-22", "2020-01-30", "2020-02-06", "2020-02-19", "2021-05-21", "2021-06-30"]:
        assert day in dates, f"the timeline lacks the source's date {day}"


def figure(value: float, unit: str | None = None) -> pd.Series:
    figures = table("figures")
    rows = figures[pd.to_numeric(figures["value"]) == value]
    if unit:
        rows = rows[rows["unit"] == unit]
    assert len(rows) >= 1, f"figures.csv lacks the value {value} {unit or ''}"
    return rows.iloc[0]


@pytest.mark.parametrize("part, printed, decimals", [(53, 31.7, 1), (109, 65.27, 2)])
def test_printed_shares_match_recomputed_shares(part, printed, decimals):
    total = float(figure(167)["value"])
    count = float(figure(part)["value"])
    assert round(count / total * 100, decimals) == printed
    assert figure(printed, "percent") is not None


def test_qualifiers_as_printed():
    assert figure(20_000_000)["qualifier"] == "nearly"
    assert figure(86_000_000)["qualifier"] == "more than"
    assert figure(20_031)["qualifier"] == "exact"


def test_measures_parents_exist_and_component_counts_match():
    measures = table("measures")
    ids = set(measures["id"])
    assert set(measures["parent"]) - {""} <= ids
    four_ones = measures[measures["name_zh"] == "四个一"].iloc[0]
    assert four_ones["components_listed"] == "3", "the source lists only three of the Four Ones"
    assert "three" in four_ones["note"].lower()
    for zh, n in [("四个保障", 4), ("三个全覆盖", 3), ("四个环节", 4)]:
        row = measures[measures["name_zh"] == zh].iloc[0]
        children = measures[measures["parent"] == row["id"]]
        assert len(children) == n == int(row["components_listed"]), zh


def test_a_bad_file_is_reported_with_file_row_and_column(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    timeline = pd.read_csv(copy / "timeline.csv", dtype=str, keep_default_na=False)
    timeline.loc[2, "date"] = "2020-13-45"
    timeline.loc[4, "level"] = "galaxy"
    timeline.to_csv(copy / "timeline.csv", index=False)
    found = problems(copy / "datapackage.json")
    assert any("timeline.csv" in m and "row 4" in m and "column date" in m for m in found), found
    assert any("timeline.csv" in m and "row 6" in m and "column level" in m for m in found), found


def test_a_date_outside_the_period_is_reported(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    timeline = pd.read_csv(copy / "timeline.csv", dtype=str, keep_default_na=False)
    timeline.loc[0, "date"] = "2023-01-08"
    timeline.to_csv(copy / "timeline.csv", index=False)
    found = problems(copy / "datapackage.json")
    assert any("timeline.csv, row 2, column date" in m for m in found), found
