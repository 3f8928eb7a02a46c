"""Tolkepriser (BEK nr. 1317 af 08/09/2020 § 24). Forventede beløb er regnet i hånden med seed-satserne:
timesats 650; zone 275/650/1050; weekend/helligdag 161 pr. time; kl. 17–07 86 pr. time; krævende 135 pr. time.
"""

from datetime import date, time
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompensation.rules.interpreting import (
    RULE,
    SEED_RATES_2020,
    InterpretingRates,
    Session,
    billed_units,
    is_weekend_or_holiday,
    price_sessions,
)

TUESDAY = date(2026, 3, 3)
SATURDAY = date(2026, 3, 7)
SUNDAY = date(2026, 3, 8)
CHRISTMAS = date(2026, 12, 25)  # juledag, a Friday
GRUNDLOVSDAG = date(2026, 6, 5)  # a Friday; not a public holiday


def t(hhmm: str) -> time:
    h, m = hhmm.split(":")
    return time(0, 0) if hhmm == "24:00" else time(int(h), int(m))


def s(d: date, start: str, end: str, who: str = "T1", **kw: object) -> Session:
    kw.setdefault("remote", True)
    return Session(date=d, start=t(start), end=t(end), interpreter=who, **kw)  # type: ignore[arg-type]


def price(*sessions: Session, postcodes: dict[str, int] | None = None) -> Decimal:
    return price_sessions(sessions, SEED_RATES_2020, postcodes).total


# --- billing unit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "half_hours"),
    [(1, 2), (20, 2), (60, 2), (61, 3), (90, 3), (91, 4), (120, 2 * 2), (121, 5)],
)
def test_billing_unit_at_least_one_hour_then_started_half_hours(minutes: int, half_hours: int) -> None:
    assert billed_units(minutes) == half_hours


def test_weekday_daytime_two_hours() -> None:
    # 2 h × 650 = 1300
    assert price(s(TUESDAY, "09:00", "11:00")) == Decimal("1300.00")


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        ("09:20", "650.00"),  # 20 min → minimum 1 h × 650
        ("10:01", "975.00"),  # 61 min → 1.5 h × 650 = 975
        ("10:30", "975.00"),  # 90 min → 1.5 h × 650 = 975
        ("10:31", "1300.00"),  # 91 min → 2 h × 650 = 1300
    ],
)
def test_started_half_hours(end: str, expected: str) -> None:
    assert price(s(TUESDAY, "09:00", end)) == Decimal(expected)


# --- weekend and public holidays -------------------------------------------------------------------


def test_saturday() -> None:
    # 2 h × 650 + 2 h × 161 = 1300 + 322 = 1622
    pricing = price_sessions([s(SATURDAY, "10:00", "12:00")], SEED_RATES_2020)
    assert pricing.amount("weekend") == Decimal("322.00")
    assert pricing.total == Decimal("1622.00")


def test_sunday_evening_gets_weekend_supplement_only() -> None:
    # 18–20 on a Sunday: 1300 + 2 × 161 = 1622; no 17–07 supplement on weekend days
    pricing = price_sessions([s(SUNDAY, "18:00", "20:00")], SEED_RATES_2020)
    assert pricing.amount("evening") == 0
    assert pricing.total == Decimal("1622.00")


def test_public_holiday_christmas_day() -> None:
    # 25.12.2026 is a Friday but a public holiday: 1 h × 650 + 1 h × 161 = 811
    assert is_weekend_or_holiday(CHRISTMAS)
    assert price(s(CHRISTMAS, "10:00", "11:00")) == Decimal("811.00")


def test_grundlovsdag_is_a_weekday() -> None:
    # Constitution Day is not a public holiday: 1 h × 650 = 650
    assert not is_weekend_or_holiday(GRUNDLOVSDAG)
    assert price(s(GRUNDLOVSDAG, "10:00", "11:00")) == Decimal("650.00")


# --- evening / night ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("16:00", "18:00", "1386.00"),  # 2 h × 650 + 1 h (17–18) × 86 = 1300 + 86
        ("06:00", "08:00", "1386.00"),  # 2 h × 650 + 1 h (06–07) × 86 = 1300 + 86
        ("16:50", "17:10", "736.00"),  # 1 h × 650 + evening part 10 min → min 1 h × 86 = 650 + 86
        ("16:59", "18:00", "1061.00"),  # 61 min → 1.5 h × 650 = 975; evening 60 min → 1 h × 86; 975 + 86
        ("16:00", "17:31", "1386.00"),  # 91 min → 2 h × 650 = 1300; evening 31 min → min 1 h × 86 = 86
        ("20:00", "20:20", "736.00"),  # 1 h × 650 + 1 h × 86
        ("22:00", "24:00", "1472.00"),  # ends at midnight: 2 h × 650 + 2 h × 86 = 1300 + 172
        ("05:00", "19:00", "9444.00"),  # 14 h × 650 = 9100; 05–07 (2 h) + 17–19 (2 h) = 4 h × 86 = 344
        # The boundaries themselves.
        ("16:59", "17:01", "736.00"),  # 2 min → 1 h × 650; 1 min after 17 → min 1 h × 86
        ("06:30", "07:30", "736.00"),  # 1 h × 650; 30 min before 07 → min 1 h × 86
        ("07:00", "17:00", "6500.00"),  # exactly the day window: 10 h × 650, no supplement
        ("17:00", "17:30", "736.00"),  # starts on the boundary: 1 h × 650 + 1 h × 86
        ("15:00", "16:59", "1300.00"),  # ends before 17: 119 min → 2 h × 650, no supplement
        ("00:00", "01:00", "736.00"),  # from midnight: 1 h × 650 + 1 h × 86
    ],
)
def test_evening_and_night_split(start: str, end: str, expected: str) -> None:
    assert price(s(TUESDAY, start, end)) == Decimal(expected)


def test_evening_supplement_never_exceeds_billed_time() -> None:
    # 17:00–17:20 entirely in the window: 1 h billed, 1 h supplement = 650 + 86
    line = price_sessions([s(TUESDAY, "17:00", "17:20")], SEED_RATES_2020).lines[0]
    assert line.billed_hours == Decimal("1.0")
    assert line.amount("evening") == Decimal("86.00")


# --- demanding ------------------------------------------------------------------------------------


def test_demanding() -> None:
    # 2 h × 650 + 2 h × 135 = 1300 + 270 = 1570
    assert price(s(TUESDAY, "09:00", "11:00", demanding=True)) == Decimal("1570.00")


def test_demanding_saturday_evening_combination() -> None:
    # Saturday 18:00–19:30, 1.5 h: 975 + 1.5 × 161 = 241.50 + 1.5 × 135 = 202.50 → 1419.00
    pricing = price_sessions([s(SATURDAY, "18:00", "19:30", demanding=True)], SEED_RATES_2020)
    assert [c.amount for c in pricing.lines[0].components] == [
        Decimal("975.00"),
        Decimal("241.50"),
        Decimal("202.50"),
    ]
    assert pricing.total == Decimal("1419.00")


def test_demanding_weekday_evening_on_site_combination() -> None:
    # Tue 16:00–18:00 on-site zone 1, demanding: 1300 + 86 + 2 × 135 = 270 + 275 = 1931
    assert price(s(TUESDAY, "16:00", "18:00", remote=False, zone=1, demanding=True)) == Decimal("1931.00")


# --- zone -----------------------------------------------------------------------------------------


def test_zone_2_once_for_two_sessions_of_one_interpreter() -> None:
    # 1 h + 1 h × 650 = 1300 + zone 2 once = 650 → 1950; the supplement sits on the first session
    pricing = price_sessions(
        [
            s(TUESDAY, "09:00", "10:00", remote=False, zone=2),
            s(TUESDAY, "13:00", "14:00", remote=False, zone=2),
        ],
        SEED_RATES_2020,
    )
    assert [line.amount("zone") for line in pricing.lines] == [Decimal("650.00"), Decimal(0)]
    assert pricing.total == Decimal("1950.00")


def test_remote_never_gets_zone_supplement() -> None:
    # 1 h × 650, remote: no zone even though zone 3 is on the line
    assert price(s(TUESDAY, "09:00", "10:00", remote=True, zone=3)) == Decimal("650.00")


def test_two_interpreters_same_day_each_get_one() -> None:
    # 2 × 650 + 2 × 275 (zone 1) = 1300 + 550 = 1850
    assert price(
        s(TUESDAY, "09:00", "10:00", "A", remote=False, zone=1),
        s(TUESDAY, "09:00", "10:00", "B", remote=False, zone=1),
    ) == Decimal("1850.00")


def test_same_interpreter_other_day_gets_another() -> None:
    # Tue + Wed: 2 × 650 + 2 × 275 = 1850
    assert price(
        s(TUESDAY, "09:00", "10:00", remote=False, zone=1),
        s(date(2026, 3, 4), "09:00", "10:00", remote=False, zone=1),
    ) == Decimal("1850.00")


def test_postcode_mapping() -> None:
    # postcode 7400 → zone 3: 650 + 1050 = 1700
    line = s(TUESDAY, "09:00", "10:00", remote=False, postcode="7400")
    assert price(line, postcodes={"7400": 3}) == Decimal("1700.00")


def test_line_zone_beats_postcode() -> None:
    # zone 1 on the line, postcode maps to 3: 650 + 275 = 925
    assert price(
        s(TUESDAY, "09:00", "10:00", remote=False, zone=1, postcode="7400"), postcodes={"7400": 3}
    ) == Decimal("925.00")


def test_highest_zone_of_the_day_once() -> None:
    # zone 1 at 09, zone 3 at 13: one supplement, zone 3 = 1050, on the 13:00 line; 1300 + 1050 = 2350
    pricing = price_sessions(
        [
            s(TUESDAY, "09:00", "10:00", remote=False, zone=1),
            s(TUESDAY, "13:00", "14:00", remote=False, zone=3),
        ],
        SEED_RATES_2020,
    )
    assert [line.amount("zone") for line in pricing.lines] == [Decimal(0), Decimal("1050.00")]
    assert pricing.total == Decimal("2350.00")


def test_on_site_without_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="zone"):
        price(s(TUESDAY, "09:00", "10:00", remote=False, postcode="9999"), postcodes={"7400": 3})


# --- components, rounding, validation ------------------------------------------------------------


def test_components_name_rule_and_rate_row() -> None:
    line = price_sessions([s(SATURDAY, "18:00", "19:00", remote=False, zone=2)], SEED_RATES_2020).lines[0]
    assert [c.kind for c in line.components] == ["base", "weekend", "zone"]
    assert {c.rule for c in line.components} == {"BEK nr. 1317 af 08/09/2020 § 24"} == {RULE}
    assert {c.rate_row for c in line.components} == {SEED_RATES_2020.source}


def test_rounding_per_component_half_up() -> None:
    # hourly 100.01 × 1.5 h = 150.015 → 150.02; weekend 0.03 × 1.5 = 0.045 → 0.05; total 150.07
    rates = InterpretingRates(
        hourly=Decimal("100.01"),
        zone={1: Decimal(1), 2: Decimal(2), 3: Decimal(3)},
        weekend_per_hour=Decimal("0.03"),
        evening_per_hour=Decimal(0),
        demanding_per_hour=Decimal(0),
        valid_from=date(2020, 9, 10),
        source="test",
    )
    pricing = price_sessions([s(SATURDAY, "10:00", "11:30")], rates)
    assert [c.amount for c in pricing.lines[0].components] == [Decimal("150.02"), Decimal("0.05")]
    assert pricing.total == Decimal("150.07")


def test_rates_not_yet_valid() -> None:
    with pytest.raises(ValueError, match="gælder ikke"):
        price(s(date(2020, 9, 9), "09:00", "10:00"))


@pytest.mark.parametrize(("start", "end"), [("10:00", "10:00"), ("11:00", "10:00")])
def test_end_must_follow_start(start: str, end: str) -> None:
    with pytest.raises(ValueError, match="Sluttid"):
        s(TUESDAY, start, end)


def test_invalid_zone() -> None:
    with pytest.raises(ValueError, match="Zone"):
        s(TUESDAY, "09:00", "10:00", zone=4)


# --- properties -----------------------------------------------------------------------------------

dates = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))


def _time(minute: int) -> time:
    return time(0, 0) if minute == 1440 else time(minute // 60, minute % 60)


@st.composite
def sessions(draw: st.DrawFn, min_minutes: int = 1) -> Session:
    start = draw(st.integers(0, 1440 - min_minutes))
    end = draw(st.integers(start + min_minutes, 1440))
    remote = draw(st.booleans())
    return Session(
        date=draw(dates),
        start=_time(start),
        end=_time(end),
        interpreter=draw(st.sampled_from(["A", "B"])),
        remote=remote,
        zone=draw(st.sampled_from([1, 2, 3])),
        demanding=draw(st.booleans()),
    )


@given(sessions(min_minutes=2), st.data())
def test_splitting_never_lowers_the_price(whole: Session, data: st.DataObject) -> None:
    cut = data.draw(st.integers(whole.start_minute + 1, whole.end_minute - 1))
    first = Session(**{**whole.__dict__, "end": _time(cut)})
    second = Session(**{**whole.__dict__, "start": _time(cut)})
    assert price(first, second) >= price(whole)


@given(st.lists(sessions(), max_size=6))
def test_remote_never_earns_zone(items: list[Session]) -> None:
    pricing = price_sessions(items, SEED_RATES_2020)
    assert all(line.amount("zone") == 0 for line in pricing.lines if line.session.remote)


@given(st.lists(sessions(), max_size=8))
def test_one_zone_supplement_per_interpreter_and_date(items: list[Session]) -> None:
    pricing = price_sessions(items, SEED_RATES_2020)
    counted: dict[tuple[str, date], int] = {}
    for line in pricing.lines:
        if line.amount("zone"):
            key = (line.session.interpreter, line.session.date)
            counted[key] = counted.get(key, 0) + 1
    assert all(n == 1 for n in counted.values())
    on_site_days = {(x.interpreter, x.date) for x in items if not x.remote}
    assert set(counted) == on_site_days


@given(sessions(), st.data())
def test_price_monotone_in_duration(short: Session, data: st.DataObject) -> None:
    longer_end = data.draw(st.integers(short.end_minute, 1440))
    earlier_start = data.draw(st.integers(0, short.start_minute))
    longer = Session(**{**short.__dict__, "start": _time(earlier_start), "end": _time(longer_end)})
    assert price(longer) >= price(short)
