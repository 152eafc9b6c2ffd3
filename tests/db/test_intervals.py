"""Imprecise dates from the council's papers: financial years, quarters and parsed intervals."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.intervals import (
    DateInterval,
    FinancialYear,
    IntervalParseError,
    Precision,
    financial_quarters,
    parse_interval,
    quarter_of,
)

# No example database: the tree is shared and these tests must leave nothing behind in it.
PROPERTY = settings(database=None, max_examples=300, deadline=None)
FY17 = FinancialYear(2017)
D = date


def assert_names(exc: pytest.ExceptionInfo[BaseException], text: str) -> None:
    message = str(exc.value)
    assert f'"{text.strip()}"' in message
    assert "accepted forms" in message


# --- Precision --------------------------------------------------------------------------------------


def test_precision_values_equal_names() -> None:
    assert [p.value for p in Precision] == ["DAY", "MONTH", "QUARTER", "YEAR", "RANGE"]
    assert all(p.value == p.name for p in Precision)


# --- FinancialYear ---------------------------------------------------------------------------------


def test_financial_year_2017_is_april_2017_to_march_2018() -> None:
    assert FY17.start == D(2017, 4, 1)
    assert FY17.end == D(2018, 3, 31)
    assert FY17.label == "2017-18"


@pytest.mark.parametrize(
    ("start_year", "label"),
    [(1999, "1999-00"), (2000, "2000-01"), (2009, "2009-10"), (2099, "2099-00"), (2100, "2100-01")],
)
def test_financial_year_label_across_centuries(start_year: int, label: str) -> None:
    assert FinancialYear(start_year).label == label


@pytest.mark.parametrize(
    "text",
    [
        "2017/18",
        "2017-18",
        "17-18",
        "17/18",
        "2017-2018",
        "2017/2018",
        " 2017/18 ",
        "2017 / 18",
        "2017\u201318",
    ],
)
def test_financial_year_parse_accepts_every_published_form(text: str) -> None:
    assert FinancialYear.parse(text) == FY17


@pytest.mark.parametrize(
    ("text", "start_year"),
    [("1999/00", 1999), ("1999-2000", 1999), ("99-00", 2099), ("00-01", 2000), ("2019/20", 2019)],
)
def test_financial_year_parse_century_boundaries(text: str, start_year: int) -> None:
    assert FinancialYear.parse(text).start_year == start_year


@pytest.mark.parametrize(
    "text",
    [
        "2017/19",
        "2017-2019",
        "17-19",
        "2018/17",
        "2017",
        "17",
        "2017/",
        "/18",
        "17-2018",
        "2017/018",
        "",
        "FY17",
        "2017-18-19",
        "abc",
        "0000/01",
        "2017.18",
    ],
)
def test_financial_year_parse_rejects_others_naming_the_text(text: str) -> None:
    with pytest.raises(IntervalParseError) as exc:
        FinancialYear.parse(text)
    assert_names(exc, text)


@pytest.mark.parametrize(
    ("day", "start_year"),
    [
        (D(2017, 4, 1), 2017),
        (D(2018, 3, 31), 2017),
        (D(2017, 3, 31), 2016),
        (D(2017, 12, 31), 2017),
        (D(2018, 1, 1), 2017),
        (D(2018, 4, 1), 2018),
        (D(2020, 2, 29), 2019),
    ],
)
def test_financial_year_containing(day: date, start_year: int) -> None:
    assert FinancialYear.containing(day) == FinancialYear(start_year)


@pytest.mark.parametrize(
    ("n", "earliest", "latest"),
    [
        (1, D(2017, 4, 1), D(2017, 6, 30)),
        (2, D(2017, 7, 1), D(2017, 9, 30)),
        (3, D(2017, 10, 1), D(2017, 12, 31)),
        (4, D(2018, 1, 1), D(2018, 3, 31)),
    ],
)
def test_financial_year_quarters(n: int, earliest: date, latest: date) -> None:
    q = FY17.quarter(n)
    assert (q.earliest, q.latest, q.precision) == (earliest, latest, Precision.QUARTER)
    assert q.text == f"Q{n} 2017-18"
    assert q.quarter == n
    assert q.financial_year == FY17


@pytest.mark.parametrize("n", [0, 5, -1, 10])
def test_financial_year_quarter_out_of_range(n: int) -> None:
    with pytest.raises(ValueError, match=str(n)):
        FY17.quarter(n)


def test_financial_year_interval_and_next() -> None:
    assert FY17.interval() == DateInterval(D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR, "2017-18")
    assert FY17.next() == FinancialYear(2018)
    assert FY17 < FY17.next()
    assert sorted([FinancialYear(2019), FY17, FinancialYear(2018)]) == [FY17, FY17.next(), FY17.next().next()]


def test_financial_year_leap_year_quarter_four() -> None:
    assert FinancialYear(2019).quarter(4).latest == D(2020, 3, 31)
    assert (FinancialYear(2019).end - FinancialYear(2019).start).days + 1 == 366


@pytest.mark.parametrize("bad", [0, -1, 9999])
def test_financial_year_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        FinancialYear(bad)


def test_financial_year_rejects_non_int() -> None:
    with pytest.raises(TypeError):
        FinancialYear("2017")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        FinancialYear(True)


# --- quarter_of ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "start_year", "n"),
    [
        (D(2017, 4, 1), 2017, 1),
        (D(2017, 6, 30), 2017, 1),
        (D(2017, 7, 1), 2017, 2),
        (D(2017, 9, 30), 2017, 2),
        (D(2017, 10, 1), 2017, 3),
        (D(2017, 12, 31), 2017, 3),
        (D(2018, 1, 1), 2017, 4),
        (D(2018, 3, 31), 2017, 4),
        (D(2018, 4, 1), 2018, 1),
        (D(2020, 2, 29), 2019, 4),
    ],
)
def test_quarter_of(day: date, start_year: int, n: int) -> None:
    assert quarter_of(day) == (FinancialYear(start_year), n)


# --- DateInterval ----------------------------------------------------------------------------------


def test_interval_rejects_earliest_after_latest() -> None:
    with pytest.raises(ValueError, match="2020-01-02"):
        DateInterval(D(2020, 1, 2), D(2020, 1, 1), Precision.RANGE, "x")


def test_interval_constructors() -> None:
    assert DateInterval.day(D(2020, 3, 31), "31/03/2020") == DateInterval(
        D(2020, 3, 31), D(2020, 3, 31), Precision.DAY, "31/03/2020"
    )
    assert DateInterval.day(D(2020, 3, 31)).text == "2020-03-31"
    assert DateInterval.month(2020, 2, "Feb 2020") == DateInterval(
        D(2020, 2, 1), D(2020, 2, 29), Precision.MONTH, "Feb 2020"
    )
    assert DateInterval.month(2019, 2).latest == D(2019, 2, 28)
    assert DateInterval.month(2025, 12).text == "December 2025"
    assert DateInterval.calendar_year(2026, "2026") == DateInterval(
        D(2026, 1, 1), D(2026, 12, 31), Precision.YEAR, "2026"
    )
    assert DateInterval.calendar_year(2026).text == "2026"


SEPT_2017 = DateInterval.month(2017, 9)


@pytest.mark.parametrize(
    ("earliest", "latest", "expected"),
    [
        (None, None, True),
        (D(2017, 9, 30), None, True),
        (D(2017, 10, 1), None, False),
        (None, D(2017, 9, 1), True),
        (None, D(2017, 8, 31), False),
        (D(2017, 1, 1), D(2017, 12, 31), True),
        (D(2017, 9, 10), D(2017, 9, 12), True),
        (D(2017, 8, 1), D(2017, 8, 31), False),
        (D(2017, 10, 1), D(2017, 10, 31), False),
        (D(2017, 8, 31), D(2017, 9, 1), True),
        (D(2017, 9, 30), D(2017, 9, 30), True),
    ],
)
def test_overlaps_is_inclusive_with_open_ends(earliest: date | None, latest: date | None, expected: bool) -> None:
    assert SEPT_2017.overlaps(earliest, latest) is expected


def test_overlaps_rejects_inverted_window() -> None:
    with pytest.raises(ValueError):
        SEPT_2017.overlaps(D(2017, 9, 20), D(2017, 9, 10))


def test_contains() -> None:
    assert SEPT_2017.contains(D(2017, 9, 1))
    assert SEPT_2017.contains(D(2017, 9, 30))
    assert not SEPT_2017.contains(D(2017, 8, 31))
    assert not SEPT_2017.contains(D(2017, 10, 1))


@pytest.mark.parametrize(
    ("interval", "fy"),
    [
        (FY17.interval(), FY17),
        (SEPT_2017, FY17),
        (DateInterval.day(D(2018, 3, 31)), FY17),
        (DateInterval.calendar_year(2018), None),
        (DateInterval.month(2018, 4), FinancialYear(2018)),
        (DateInterval(D(2018, 3, 31), D(2018, 4, 1), Precision.RANGE, "x"), None),
    ],
)
def test_interval_financial_year(interval: DateInterval, fy: FinancialYear | None) -> None:
    assert interval.financial_year == fy


@pytest.mark.parametrize(
    ("interval", "quarter"),
    [
        (FY17.quarter(3), 3),
        (DateInterval(D(2018, 1, 1), D(2018, 3, 31), Precision.RANGE, "x"), 4),
        (SEPT_2017, None),
        (FY17.interval(), None),
        (DateInterval.calendar_year(2018), None),
        (DateInterval(D(2017, 4, 1), D(2017, 6, 29), Precision.RANGE, "x"), None),
        (DateInterval(D(2017, 4, 2), D(2017, 6, 30), Precision.RANGE, "x"), None),
    ],
)
def test_interval_quarter(interval: DateInterval, quarter: int | None) -> None:
    assert interval.quarter == quarter


def test_intervals_sort_by_earliest_then_latest() -> None:
    year, month, day = (
        DateInterval.calendar_year(2017),
        DateInterval.month(2017, 1),
        DateInterval.day(D(2017, 1, 1)),
    )
    assert sorted([year, month, day]) == [day, month, year]


# --- parse_interval --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        # Section J "Date for Key Decision" and section I contract end dates, as published.
        ("Q3 2017/18", D(2017, 10, 1), D(2017, 12, 31), Precision.QUARTER),
        ("Q1 2017/18", D(2017, 4, 1), D(2017, 6, 30), Precision.QUARTER),
        ("Q4 2017/18", D(2018, 1, 1), D(2018, 3, 31), Precision.QUARTER),
        ("Q1 2018/19", D(2018, 4, 1), D(2018, 6, 30), Precision.QUARTER),
        ("Quarter 1 2017-18", D(2017, 4, 1), D(2017, 6, 30), Precision.QUARTER),
        ("Quarter 1 of 2017-18", D(2017, 4, 1), D(2017, 6, 30), Precision.QUARTER),
        ("Between Q2 2017/18 and Q1 2018/19", D(2017, 7, 1), D(2018, 6, 30), Precision.RANGE),
        ("By 2020", D(2017, 4, 1), D(2020, 12, 31), Precision.RANGE),
        ("By 2019", D(2017, 4, 1), D(2019, 12, 31), Precision.RANGE),
        ("December 2025", D(2025, 12, 1), D(2025, 12, 31), Precision.MONTH),
        ("October 2019", D(2019, 10, 1), D(2019, 10, 31), Precision.MONTH),
        ("January 2020", D(2020, 1, 1), D(2020, 1, 31), Precision.MONTH),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), Precision.YEAR),
        ("2020", D(2020, 1, 1), D(2020, 12, 31), Precision.YEAR),
        # Forms from descriptions and from councils' CSV registers.
        ("May 2020", D(2020, 5, 1), D(2020, 5, 31), Precision.MONTH),
        ("Sept 2019", D(2019, 9, 1), D(2019, 9, 30), Precision.MONTH),
        ("Sep 2019", D(2019, 9, 1), D(2019, 9, 30), Precision.MONTH),
        ("September 2019", D(2019, 9, 1), D(2019, 9, 30), Precision.MONTH),
        ("Feb 2020", D(2020, 2, 1), D(2020, 2, 29), Precision.MONTH),
        ("Feb 2019", D(2019, 2, 1), D(2019, 2, 28), Precision.MONTH),
        ("Jun 2018", D(2018, 6, 1), D(2018, 6, 30), Precision.MONTH),
        ("2017-18", D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR),
        ("2017/18", D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR),
        ("17-18", D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR),
        ("2017/2018", D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR),
        ("31/03/2020", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("31-03-2020", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("31.03.2020", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("2017\u201318", D(2017, 4, 1), D(2018, 3, 31), Precision.YEAR),
        ("1/4/2017", D(2017, 4, 1), D(2017, 4, 1), Precision.DAY),
        ("2020-03-31", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("31 March 2020", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("31st March 2020", D(2020, 3, 31), D(2020, 3, 31), Precision.DAY),
        ("1st April 2017", D(2017, 4, 1), D(2017, 4, 1), Precision.DAY),
        ("2nd Sept 2019", D(2019, 9, 2), D(2019, 9, 2), Precision.DAY),
        ("23rd Feb 2017", D(2017, 2, 23), D(2017, 2, 23), Precision.DAY),
        ("29 February 2020", D(2020, 2, 29), D(2020, 2, 29), Precision.DAY),
        ("Between May 2019 and 2020", D(2019, 5, 1), D(2020, 12, 31), Precision.RANGE),
        ("Between 2017/18 and 2019/20", D(2017, 4, 1), D(2020, 3, 31), Precision.RANGE),
        ("Between Q3 2017/18 and Q3 2017/18", D(2017, 10, 1), D(2017, 12, 31), Precision.RANGE),
        ("By Q4 2018/19", D(2017, 4, 1), D(2019, 3, 31), Precision.RANGE),
        ("By 2017", D(2017, 4, 1), D(2017, 12, 31), Precision.RANGE),
    ],
)
def test_parse_interval_forms(text: str, earliest: date, latest: date, precision: Precision) -> None:
    interval = parse_interval(text, plan_year=FY17)
    assert interval == DateInterval(earliest, latest, precision, text)


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("q3 2017/18", "Q3 2017/18"),
        ("  Q3   2017/18  ", "Q3 2017/18"),
        ("Q3 2017 / 18", "Q3 2017/18"),
        ("QUARTER 1 2017-18", "Quarter 1 2017-18"),
        ("quarter1 2017-18", "Quarter 1 2017-18"),
        ("between q2 2017/18 and q1 2018/19", "Between Q2 2017/18 and Q1 2018/19"),
        ("Between  Q2 2017/18\nand Q1 2018/19", "Between Q2 2017/18 and Q1 2018/19"),
        ("DECEMBER 2025", "December 2025"),
        ("sept 2019", "Sept 2019"),
        ("Sept. 2019", "Sept 2019"),
        ("by 2020", "By 2020"),
        ("\t2026\n", "2026"),
        ("31ST MARCH 2020", "31 March 2020"),
    ],
)
def test_parse_interval_tolerates_case_and_whitespace(text: str, same_as: str) -> None:
    got, want = parse_interval(text, plan_year=FY17), parse_interval(same_as, plan_year=FY17)
    assert got is not None and want is not None
    assert (got.earliest, got.latest, got.precision) == (want.earliest, want.latest, want.precision)
    assert got.text == text.strip()


@pytest.mark.parametrize("text", [None, "N/A", "n/a", "NA", "na", "", "   ", "-", " - ", "TBC", "tbc", "N/a"])
def test_parse_interval_nulls(text: str | None) -> None:
    assert parse_interval(text) is None
    assert parse_interval(text, plan_year=FY17) is None


def test_by_needs_a_plan_year() -> None:
    with pytest.raises(IntervalParseError, match="plan year") as exc:
        parse_interval("By 2020")
    assert_names(exc, "By 2020")


@pytest.mark.parametrize("text", ["By 2016", "By March 2017", "By Q4 2016/17"])
def test_by_ending_before_the_plan_year_raises(text: str) -> None:
    with pytest.raises(IntervalParseError, match="2017-18") as exc:
        parse_interval(text, plan_year=FY17)
    assert_names(exc, text)


def test_by_runs_from_the_referencing_plans_year() -> None:
    interval = parse_interval("By 2020", plan_year=FinancialYear(2019))
    assert interval is not None
    assert (interval.earliest, interval.latest) == (D(2019, 4, 1), D(2020, 12, 31))


@pytest.mark.parametrize(
    "text",
    [
        "Between Q1 2018/19 and Q2 2017/18",
        "Between 2020 and 2019",
        "Between 2018/19 and Q2 2018/19",
        "Between Q2 2018/19 and 2018/19",
    ],
)
def test_between_in_reverse_order_raises(text: str) -> None:
    with pytest.raises(IntervalParseError, match="before") as exc:
        parse_interval(text)
    assert_names(exc, text)


@pytest.mark.parametrize(
    "text",
    [
        "early 2018",
        "Early 2018",
        "mid-2019",
        "late 2020",
        "Spring 2018",
        "2017-2020",
        "2017-22",
        "KPSN - 2020",
        "Amey and Skanska - October 2019 Kier - January 2020",
        "Multiple contracts",
        "Q5 2017/18",
        "Q0 2017/18",
        "Q3 2017",
        "Q3 2017/19",
        "Q3",
        "Quarter 1",
        "Between Q2 2017/18",
        "Between Q2 2017/18 and",
        "Between early 2018 and 2019",
        "Between N/A and 2019",
        "By",
        "By early 2020",
        "Decembre 2025",
        "December",
        "December 25",
        "31/02/2020",
        "32/01/2020",
        "31/13/2020",
        "2020-02-30",
        "2020-3-31",
        "03/31/2020",
        "31 Feb 2020",
        "31 March",
        "20201",
        "202",
        "May 0000",
        "0000",
        "2020.5",
        "2020.0",
        "1e3",
        "Q3 2017/18 (tbc)",
        "TBC 2018",
        "N/A - 2019",
        "ongoing",
        "?",
        "–",
        "9999/00",
        "Q4 9999/00",
    ],
)
def test_parse_interval_rejects_anything_else_naming_the_text(text: str) -> None:
    with pytest.raises(IntervalParseError) as exc:
        parse_interval(text, plan_year=FY17)
    assert_names(exc, text)
    assert exc.value.text == text.strip()


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(IntervalParseError, ValueError)


# --- financial_quarters ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "expected"),
    [
        (D(2017, 4, 1), D(2017, 4, 1), [(2017, 1)]),
        (D(2017, 6, 30), D(2017, 7, 1), [(2017, 1), (2017, 2)]),
        (D(2017, 4, 1), D(2018, 3, 31), [(2017, 1), (2017, 2), (2017, 3), (2017, 4)]),
        (D(2017, 12, 31), D(2018, 4, 1), [(2017, 3), (2017, 4), (2018, 1)]),
        (D(2018, 2, 1), D(2018, 2, 28), [(2017, 4)]),
    ],
)
def test_financial_quarters(earliest: date, latest: date, expected: list[tuple[int, int]]) -> None:
    assert financial_quarters(earliest, latest) == [(FinancialYear(y), n) for y, n in expected]


def test_financial_quarters_rejects_inverted_window() -> None:
    with pytest.raises(ValueError):
        financial_quarters(D(2018, 1, 2), D(2018, 1, 1))


# --- properties ------------------------------------------------------------------------------------

years = st.integers(min_value=1900, max_value=2200)
days = st.dates(min_value=D(1900, 4, 1), max_value=D(2200, 3, 31))


@PROPERTY
@given(years)
def test_quarters_tile_their_financial_year(start_year: int) -> None:
    fy = FinancialYear(start_year)
    quarters = [fy.quarter(n) for n in (1, 2, 3, 4)]
    assert quarters[0].earliest == fy.start
    assert quarters[-1].latest == fy.end
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert after.earliest == before.latest + timedelta(days=1)
    total = sum((q.latest - q.earliest).days + 1 for q in quarters)
    assert total == (fy.end - fy.start).days + 1
    assert total in (365, 366)
    assert [q.quarter for q in quarters] == [1, 2, 3, 4]
    assert all(q.financial_year == fy for q in quarters)


@PROPERTY
@given(days)
def test_quarter_of_agrees_with_containing(day: date) -> None:
    fy, n = quarter_of(day)
    assert fy == FinancialYear.containing(day)
    assert fy.start <= day <= fy.end
    assert fy.quarter(n).contains(day)
    assert financial_quarters(day, day) == [(fy, n)]


@PROPERTY
@given(st.integers(min_value=1990, max_value=2100))
def test_financial_year_label_round_trips(start_year: int) -> None:
    fy = FinancialYear(start_year)
    assert FinancialYear.parse(fy.label) == fy
    assert FinancialYear.parse(fy.label.replace("-", "/")) == fy
    assert FinancialYear.parse(f"{start_year}/{start_year + 1}") == fy
    interval = parse_interval(fy.label)
    assert interval is not None and interval == fy.interval()


@PROPERTY
@given(st.integers(min_value=1990, max_value=2100), st.integers(min_value=1, max_value=4))
def test_quarter_text_round_trips(start_year: int, n: int) -> None:
    q = FinancialYear(start_year).quarter(n)
    assert parse_interval(q.text) == q


@st.composite
def small_intervals(draw: st.DrawFn) -> DateInterval:
    earliest = draw(st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 3, 1)))
    length = draw(st.integers(min_value=0, max_value=40))
    return DateInterval(earliest, earliest + timedelta(days=length), Precision.RANGE, "x")


@PROPERTY
@given(small_intervals(), small_intervals())
def test_overlap_is_symmetric_and_matches_brute_force(a: DateInterval, b: DateInterval) -> None:
    days_a = {a.earliest + timedelta(days=i) for i in range((a.latest - a.earliest).days + 1)}
    shared = any(b.contains(day) for day in days_a)
    assert a.overlaps(b.earliest, b.latest) is shared
    assert b.overlaps(a.earliest, a.latest) is shared
    assert a.overlaps(b.earliest, None) is any(day >= b.earliest for day in days_a)
    assert a.overlaps(None, b.latest) is any(day <= b.latest for day in days_a)


@PROPERTY
@given(days, st.integers(min_value=0, max_value=800))
def test_financial_quarters_cover_the_window_exactly(earliest: date, length: int) -> None:
    latest = earliest + timedelta(days=length)
    quarters = [fy.quarter(n) for fy, n in financial_quarters(earliest, latest)]
    assert quarters[0].contains(earliest)
    assert quarters[-1].contains(latest)
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert after.earliest == before.latest + timedelta(days=1)
    assert all(q.overlaps(earliest, latest) for q in quarters)
    fy, n = quarter_of(quarters[0].earliest - timedelta(days=1))
    assert not fy.quarter(n).overlaps(earliest, latest)
    fy, n = quarter_of(quarters[-1].latest + timedelta(days=1))
    assert not fy.quarter(n).overlaps(earliest, latest)
