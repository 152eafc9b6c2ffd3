"""Contract values as published: exact amounts, their basis, and yearly and whole-life figures."""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db.money import Basis, Money, MoneyParseError, annualised, parse_money, term_months, whole_life

# No example database: the tree is shared and these tests must leave nothing behind in it.
PROPERTY = settings(database=None, max_examples=300, deadline=None)
TOTAL, ANNUAL, QUARTERLY = Basis.TOTAL, Basis.ANNUAL, Basis.QUARTERLY


def money(amount: str, basis: Basis = TOTAL) -> Money:
    return Money(Decimal(amount), basis, amount)


def assert_names(exc: pytest.ExceptionInfo[BaseException], text: str) -> None:
    message = str(exc.value)
    assert f'"{text.strip()}"' in message
    assert "accepted forms" in message


# --- Basis and Money -------------------------------------------------------------------------------


def test_basis_values_equal_names() -> None:
    assert [b.value for b in Basis] == ["TOTAL", "ANNUAL", "QUARTERLY"]
    assert all(b.value == b.name for b in Basis)


def test_money_quantises_to_pence() -> None:
    m = Money(Decimal("5"), TOTAL, "£5")
    assert str(m.amount) == "5.00"
    assert m.currency == "GBP"
    assert m.pence == 500
    assert str(Money(Decimal("-0"), TOTAL, "0").amount) == "0.00"
    assert str(Money(Decimal("1.50000"), TOTAL, "x").amount) == "1.50"


@pytest.mark.parametrize("amount", [1.5, 1, "1.50", None, True])
def test_money_rejects_non_decimal_amounts(amount: object) -> None:
    with pytest.raises(TypeError, match="Decimal"):
        Money(amount, TOTAL, "x")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "match"),
    [
        ("-0.01", "negative"),
        ("-5", "negative"),
        ("NaN", "finite"),
        ("Infinity", "finite"),
        ("1.001", "pence"),
        ("0.005", "pence"),
        ("1E+70", "too large"),
    ],
)
def test_money_rejects_bad_amounts(amount: str, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        Money(Decimal(amount), TOTAL, "x")


def test_money_basis_and_currency_are_checked() -> None:
    assert Money(Decimal("1"), "ANNUAL", "x").basis is ANNUAL  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Money(Decimal("1"), "WEEKLY", "x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="currency"):
        Money(Decimal("1"), TOTAL, "x", currency="gbp")


def test_money_is_frozen() -> None:
    m = money("1")
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.amount = Decimal("2")  # type: ignore[misc]


@pytest.mark.parametrize(
    ("pence", "amount"), [(0, "0.00"), (1, "0.01"), (7_000_000, "70000.00"), (3_630_000_000, "36300000.00")]
)
def test_from_pence(pence: int, amount: str) -> None:
    m = Money.from_pence(pence, QUARTERLY, "t")
    assert (m.amount, str(m.amount), m.basis, m.text, m.pence) == (
        Decimal(amount),
        amount,
        QUARTERLY,
        "t",
        pence,
    )


@pytest.mark.parametrize("pence", [1.5, True, "100", Decimal("100")])
def test_from_pence_needs_an_int(pence: object) -> None:
    with pytest.raises(TypeError):
        Money.from_pence(pence, TOTAL, "x")  # type: ignore[arg-type]


def test_from_pence_rejects_negative() -> None:
    with pytest.raises(ValueError, match="negative"):
        Money.from_pence(-1, TOTAL, "x")


# --- parse_money -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount", "basis"),
    [
        # Section J "Expected value (£)", as published.
        ("£36.3m", "36300000.00", TOTAL),
        ("£53m", "53000000.00", TOTAL),
        ("£12m", "12000000.00", TOTAL),
        ("£32m", "32000000.00", TOTAL),
        ("£1m", "1000000.00", TOTAL),
        ("£0.15m", "150000.00", TOTAL),
        ("£1.1m (p/a)", "1100000.00", ANNUAL),
        ("£3.5m", "3500000.00", TOTAL),
        ("£1.6m (p/a)", "1600000.00", ANNUAL),
        ("£0.07m (current quarterly value)", "70000.00", QUARTERLY),
        ("£3.5m (p/a)", "3500000.00", ANNUAL),
        ("£0.23m", "230000.00", TOTAL),
        ("£0.75m", "750000.00", TOTAL),
        ("£2.9m", "2900000.00", TOTAL),
        ("£0.05m", "50000.00", TOTAL),
        ("£8.3m", "8300000.00", TOTAL),
        ("£4.3m", "4300000.00", TOTAL),
        # Elsewhere in the papers (budget, KPI targets).
        ("£62.8m", "62800000.00", TOTAL),
        ("£8.0m", "8000000.00", TOTAL),
        ("£20 million", "20000000.00", TOTAL),
        # Councils' contracts CSVs.
        ("£1,250,000.00", "1250000.00", TOTAL),
        ("1250000", "1250000.00", TOTAL),
        ("1.25m", "1250000.00", TOTAL),
        ("£1.25M", "1250000.00", TOTAL),
        ("£250k", "250000.00", TOTAL),
        ("£250K", "250000.00", TOTAL),
        ("250,000", "250000.00", TOTAL),
        ("1,250,000.5", "1250000.50", TOTAL),
        ("£999.99", "999.99", TOTAL),
        ("12.5", "12.50", TOTAL),
        ("£0", "0.00", TOTAL),
        ("0.01", "0.01", TOTAL),
        ("£1.5bn", "1500000000.00", TOTAL),
        ("£1.5 mn", "1500000.00", TOTAL),
        ("£ 1.1m", "1100000.00", TOTAL),
        ("£1.1 m", "1100000.00", TOTAL),
        ("£12.345k", "12345.00", TOTAL),
        ("£1.23456789m", "1234567.89", TOTAL),
        # Basis words.
        ("£1.1m(p/a)", "1100000.00", ANNUAL),
        ("£1m p/a", "1000000.00", ANNUAL),
        ("£1m p.a.", "1000000.00", ANNUAL),
        ("£1m p.a", "1000000.00", ANNUAL),
        ("£1m pa", "1000000.00", ANNUAL),
        ("£1m per annum", "1000000.00", ANNUAL),
        ("£1m (per annum)", "1000000.00", ANNUAL),
        ("£1m per year", "1000000.00", ANNUAL),
        ("£1m a year", "1000000.00", ANNUAL),
        ("£1m annual", "1000000.00", ANNUAL),
        ("£1m annually", "1000000.00", ANNUAL),
        ("£1m (annual value)", "1000000.00", ANNUAL),
        ("£1m (current annual value)", "1000000.00", ANNUAL),
        ("£1m quarterly", "1000000.00", QUARTERLY),
        ("£1m (quarterly)", "1000000.00", QUARTERLY),
        ("£1m per quarter", "1000000.00", QUARTERLY),
        ("£1m a quarter", "1000000.00", QUARTERLY),
        ("£1m (quarterly value)", "1000000.00", QUARTERLY),
        ("£1m (total)", "1000000.00", TOTAL),
        ("£1m whole life", "1000000.00", TOTAL),
        ("£1m (whole-life value)", "1000000.00", TOTAL),
    ],
)
def test_parse_money_forms(text: str, amount: str, basis: Basis) -> None:
    m = parse_money(text)
    assert m is not None
    assert isinstance(m.amount, Decimal)
    assert (m.amount, str(m.amount), m.basis, m.text, m.currency) == (
        Decimal(amount),
        amount,
        basis,
        text,
        "GBP",
    )


def test_seven_hundredths_of_a_million_is_exact() -> None:
    m = parse_money("£0.07m (current quarterly value)")
    assert m is not None and m.amount == Decimal("70000.00") and m.pence == 7_000_000


@pytest.mark.parametrize(
    ("text", "same_as"),
    [
        ("  £1.1M  (P/A) ", "£1.1m (p/a)"),
        ("£0.07M (Current Quarterly Value)", "£0.07m (current quarterly value)"),
        ("£1m\tPer  Annum", "£1m per annum"),
        ("\n250,000\n", "250,000"),
        ("£20 MILLION", "£20 million"),
    ],
)
def test_parse_money_tolerates_case_and_whitespace(text: str, same_as: str) -> None:
    got, want = parse_money(text), parse_money(same_as)
    assert got is not None and want is not None
    assert (got.amount, got.basis, got.text) == (want.amount, want.basis, text.strip())


@pytest.mark.parametrize(
    ("text", "basis", "expected"),
    [
        ("£1m", ANNUAL, ANNUAL),
        ("£1m", QUARTERLY, QUARTERLY),
        ("£1m", TOTAL, TOTAL),
        ("£1m", None, TOTAL),
        ("£1.1m (p/a)", ANNUAL, ANNUAL),
        ("£1.1m (p/a)", None, ANNUAL),
        ("£0.07m (current quarterly value)", QUARTERLY, QUARTERLY),
        ("£1m (total)", TOTAL, TOTAL),
    ],
)
def test_parse_money_basis_argument(text: str, basis: Basis | None, expected: Basis) -> None:
    m = parse_money(text, basis=basis)
    assert m is not None and m.basis is expected


@pytest.mark.parametrize(
    ("text", "basis"),
    [
        ("£1.1m (p/a)", TOTAL),
        ("£1.1m (p/a)", QUARTERLY),
        ("£0.07m (current quarterly value)", ANNUAL),
        ("£0.07m (current quarterly value)", TOTAL),
        ("£1m (total)", ANNUAL),
        ("£1m per quarter", ANNUAL),
    ],
)
def test_parse_money_contradicting_basis_raises(text: str, basis: Basis) -> None:
    with pytest.raises(MoneyParseError, match=basis.value) as exc:
        parse_money(text, basis=basis)
    assert_names(exc, text)


@pytest.mark.parametrize("text", [None, "N/A", "n/a", "NA", "", "   ", "-", " - ", "TBC"])
def test_parse_money_nulls(text: str | None) -> None:
    assert parse_money(text) is None
    assert parse_money(text, basis=ANNUAL) is None


@pytest.mark.parametrize(
    "text",
    [
        "about £3m",
        "c. £3m",
        "~£3m",
        "£3m-£4m",
        "£3m - £4m",
        "£3-4m",
        "1.2.3m",
        "-£5",
        "£-5",
        "£",
        "abc",
        "m",
        "k",
        "£m",
        "£5mm",
        "£5kk",
        "£5mk",
        "£1.005",
        "£0.001",
        "£1.2345678901m",
        "£1.1m (estimate)",
        "£1.1m (p/a",
        "£1.1m p/a)",
        "£1.1m ((p/a))",
        "£1.1m (p/a) (quarterly)",
        "£1.1m p/a p/a",
        "£3m+",
        "£3m approx",
        "£1,25,000",
        "1,2500",
        "£1,250,000.",
        "£.5m",
        "£1e6",
        "1E6",
        "£ 1 000 000",
        "$5",
        "€5",
        "GBP 5",
        "5 GBP",
        "£NaN",
        "inf",
        "1.1.m",
        "£1mpa",
        "£1m perannum",
        "£1m per month",
        "£1m weekly",
        "Multiple contracts",
        "£1m (p/a) and £2m",
        "£1m or £2m",
        "£1.1m p/a,",
        "1,000,000,00",
        "£5.",
    ],
)
def test_parse_money_rejects_anything_else_naming_the_text(text: str) -> None:
    with pytest.raises(MoneyParseError) as exc:
        parse_money(text)
    assert_names(exc, text)
    assert exc.value.text == text.strip()


@pytest.mark.parametrize("text", ["£1." + "0" * 70 + "1m", "9" * 70, "£" + "9" * 59 + "m"])
def test_parse_money_never_rounds_a_long_figure(text: str) -> None:
    with pytest.raises(MoneyParseError) as exc:
        parse_money(text)
    assert_names(exc, text)


def test_from_pence_too_large() -> None:
    with pytest.raises(ValueError, match="too large"):
        Money.from_pence(10**70, TOTAL, "x")


def test_parse_error_is_a_value_error() -> None:
    assert issubclass(MoneyParseError, ValueError)


# --- annualised and whole_life ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("m", "term", "expected"),
    [
        (money("36300000", TOTAL), 120, "3630000.00"),  # Agilisys: £36.3m over a 10-year contract
        (money("36300000", TOTAL), None, None),
        (money("36300000", TOTAL), 0, None),
        (money("36300000", TOTAL), -12, None),
        (money("1100000", ANNUAL), None, "1100000.00"),
        (money("1100000", ANNUAL), 36, "1100000.00"),
        (money("70000", QUARTERLY), None, "280000.00"),
        (money("70000", QUARTERLY), 3, "280000.00"),
        (money("100", TOTAL), 7, "171.43"),
        (money("0.05", TOTAL), 24, "0.03"),  # 0.025 rounds half up, not to even
        (money("0", TOTAL), 12, "0.00"),
        (money("1000", TOTAL), 12, "1000.00"),
        (money("1000", TOTAL), 6, "2000.00"),
    ],
)
def test_annualised(m: Money, term: int | None, expected: str | None) -> None:
    got = annualised(m, term)
    assert got == (None if expected is None else Decimal(expected))
    if expected is not None:
        assert str(got) == expected


@pytest.mark.parametrize(
    ("m", "term", "expected"),
    [
        (money("36300000", TOTAL), 120, "36300000.00"),
        (money("36300000", TOTAL), None, "36300000.00"),
        (money("1100000", ANNUAL), 36, "3300000.00"),
        (money("1100000", ANNUAL), None, None),
        (money("1100000", ANNUAL), 0, None),
        (money("1100000", ANNUAL), -1, None),
        (money("70000", QUARTERLY), 15, "350000.00"),
        (money("70000", QUARTERLY), None, None),
        (money("100", ANNUAL), 7, "58.33"),
        (money("0.01", ANNUAL), 6, "0.01"),  # 0.005 rounds half up, not to even
        (money("0.01", QUARTERLY), 1, "0.00"),
    ],
)
def test_whole_life(m: Money, term: int | None, expected: str | None) -> None:
    got = whole_life(m, term)
    assert got == (None if expected is None else Decimal(expected))
    if expected is not None:
        assert str(got) == expected


def test_a_boolean_is_not_a_term() -> None:
    assert annualised(money("1200"), True) is None
    assert whole_life(money("100", ANNUAL), True) is None


# --- term_months -----------------------------------------------------------------------------------

D = date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2016, 1, 1), D(2025, 12, 31), 120),
        (D(2017, 4, 1), D(2018, 3, 31), 12),
        (D(2017, 4, 2), D(2018, 3, 31), 12),
        (D(2017, 4, 1), D(2017, 4, 30), 1),
        (D(2017, 4, 1), D(2017, 4, 1), 0),
        (D(2017, 4, 1), D(2017, 4, 14), 0),
        (D(2017, 4, 1), D(2017, 4, 15), 1),
        (D(2017, 4, 1), D(2017, 4, 29), 1),
        (D(2017, 1, 15), D(2017, 2, 14), 1),
        (D(2017, 1, 15), D(2017, 2, 13), 1),
        (D(2017, 1, 15), D(2017, 1, 29), 0),
        (D(2017, 1, 15), D(2017, 1, 30), 1),
        (D(2017, 1, 31), D(2017, 2, 27), 1),
        (D(2017, 1, 31), D(2017, 2, 28), 1),
        (D(2016, 1, 31), D(2016, 2, 28), 1),
        (D(2018, 6, 1), D(2021, 5, 31), 36),
        (D(2018, 6, 2), D(2021, 5, 31), 36),
        (D(2018, 6, 1), D(2021, 6, 14), 36),
        (D(2018, 6, 1), D(2021, 6, 29), 37),
        (D(2017, 12, 1), D(2018, 1, 31), 2),
        (D(2017, 3, 31), D(2017, 4, 13), 0),
        (D(2017, 3, 31), D(2017, 4, 29), 1),
        (D(2017, 3, 31), D(2017, 4, 30), 1),
    ],
)
def test_term_months(start: date, end: date, months: int) -> None:
    assert term_months(start, end) == months


def test_term_months_rejects_end_before_start() -> None:
    with pytest.raises(ValueError, match="2017-03-31"):
        term_months(D(2017, 4, 1), D(2017, 3, 31))


# --- properties ------------------------------------------------------------------------------------

pence = st.integers(min_value=0, max_value=10**14)
terms = st.integers(min_value=1, max_value=600)


def _formats(p: int) -> list[str]:
    pounds, rest = divmod(p, 100)
    forms = [f"£{pounds:,}.{rest:02d}", f"{pounds}.{rest:02d}", f"£{pounds}.{rest:02d} (p/a)"]
    forms.append(f"£{Decimal(p).scaleb(-8).normalize():f}m")
    forms.append(f"{Decimal(p).scaleb(-5).normalize():f}K")
    if rest == 0:
        forms += [f"£{pounds:,}", f"{pounds}"]
    return forms


@PROPERTY
@given(pence)
def test_formatted_pence_round_trip_exactly(p: int) -> None:
    for text in _formats(p):
        m = parse_money(text)
        assert m is not None
        assert m.pence == p, text
        assert m.amount == Money.from_pence(p, TOTAL, text).amount
        assert m.text == text


@PROPERTY
@given(pence, st.integers(min_value=1, max_value=12))
def test_annualised_and_whole_life_are_inverse_within_a_penny(p: int, term: int) -> None:
    total = Money.from_pence(p, TOTAL, "t")
    per_year = annualised(total, term)
    assert per_year is not None
    back = whole_life(Money(per_year, ANNUAL, "a"), term)
    assert back is not None and abs(back - total.amount) <= Decimal("0.01")


@PROPERTY
@given(pence, terms)
def test_annualised_and_whole_life_round_trip_error_is_bounded(p: int, term: int) -> None:
    # Rounding the yearly figure to a penny is scaled by term/12 on the way back, plus half a penny.
    total = Money.from_pence(p, TOTAL, "t")
    per_year = annualised(total, term)
    assert per_year is not None
    back = whole_life(Money(per_year, ANNUAL, "a"), term)
    assert back is not None
    assert abs(back - total.amount) <= Decimal("0.005") * term / 12 + Decimal("0.005")
    annual = Money.from_pence(p, ANNUAL, "a")
    life = whole_life(annual, term)
    assert life is not None
    again = annualised(Money(life, TOTAL, "t"), term)
    assert again is not None
    assert abs(again - annual.amount) <= Decimal("0.005") * 12 / term + Decimal("0.005")


@PROPERTY
@given(pence)
def test_a_year_of_a_yearly_value_is_the_total(p: int) -> None:
    annual = Money.from_pence(p, ANNUAL, "a")
    assert whole_life(annual, 12) == annual.amount
    assert annualised(Money.from_pence(p, TOTAL, "t"), 12) == annual.amount
    assert whole_life(Money.from_pence(p, QUARTERLY, "q"), 3) == annual.amount
    assert annualised(Money.from_pence(p, QUARTERLY, "q"), None) == annual.amount * 4
    assert whole_life(Money.from_pence(p, TOTAL, "t"), None) == annual.amount


def _months_later(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@PROPERTY
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=0, max_value=400))
def test_term_months_counts_whole_months(start: date, months: int) -> None:
    end = _months_later(start, months) - timedelta(days=1)
    if months == 0:
        end = start
    assert term_months(start, end) == months
    if months > 0:
        # A term a day short of whole months, as publishers write one starting on a working day, is those months.
        assert term_months(start + timedelta(days=1), end) == months


@PROPERTY
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=0, max_value=5000))
def test_term_months_is_within_half_a_month_of_the_days(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    after = end + timedelta(days=1)
    assert abs((_months_later(start, term_months(start, end)) - after).days) <= 16


@PROPERTY
@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)), st.integers(min_value=0, max_value=5000))
def test_term_months_never_decreases_as_the_end_moves_later(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    assert term_months(start, end) <= term_months(start, end + timedelta(days=1))
    assert term_months(start, end) <= length // 28 + 1
