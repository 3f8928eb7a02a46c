"""Frister og arbejdsdage.

En frist, der udløber på en lørdag, søndag, helligdag eller en dag, hvor
offentlige kontorer normalt holder lukket (grundlovsdag, juleaftensdag og
nytårsaftensdag), forlænges til næste arbejdsdag. Det følger almindelig
forvaltningsretlig praksis og Ankestyrelsens beregning af klagefrister.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import Final

import holidays
from holidays.constants import PUBLIC

DECISION_TARGET_WEEKS: Final = 4
COMPLAINT_WEEKS: Final = 4
# RSL § 66: the municipality re-assesses and changes the decision or forwards the complaint within 4 weeks.
REASSESSMENT_WEEKS: Final = 4
# FVL § 19 sets no fixed period; 14 days is the common practice value for a written hearing.
HEARING_RESPONSE_DAYS: Final = 14
COSIGN_REMINDER_DAYS: Final = 14
# Letters go by Digital Post (and to the portal): the person counts as receiving them the day they are sent.
DIGITAL_POST_DELIVERY_DAYS: Final = 0
# How close to the promised decision date the caseworker is asked to tell the person it will be late.
LATE_NOTICE_WARNING_DAYS: Final = 7

# Not public holidays in law, but public offices are closed, so a deadline cannot expire on them.
_CLOSED_DAYS: Final[tuple[tuple[int, int], ...]] = (
    (6, 5),  # grundlovsdag
    (12, 24),  # juleaftensdag
    (12, 31),  # nytårsaftensdag
)

# Store bededag stopped being a public holiday from 2024. The holidays package models that and
# tests pin it, so it is deliberately not added here by hand.


@functools.lru_cache(maxsize=256)
def public_holidays(year: int) -> frozenset[date]:
    """Danske helligdage i ``year`` (``holidays``-pakkens PUBLIC-kategori)."""
    return frozenset(holidays.country_holidays("DK", years=year, categories=(PUBLIC,)).keys())


@functools.lru_cache(maxsize=256)
def _closed_days(year: int) -> frozenset[date]:
    fixed = {date(year, month, day) for month, day in _CLOSED_DAYS}
    return public_holidays(year) | frozenset(fixed)


def _as_date(d: date) -> date:
    # A datetime never equals a date, so it would silently miss every holiday lookup.
    return d.date() if isinstance(d, datetime) else d


def is_working_day(d: date) -> bool:
    """Om ``d`` er en arbejdsdag i forhold til frister (FVL-praksis, RSL § 67).

    Ikke lørdag, søndag, dansk helligdag (inkl. store bededag før 2024),
    grundlovsdag (5. juni), juleaftensdag (24. december) eller nytårsaftensdag
    (31. december).
    """
    d = _as_date(d)
    if d.weekday() >= 5:
        return False
    return d not in _closed_days(d.year)


def next_working_day(d: date) -> date:
    """Første arbejdsdag fra og med ``d`` (fristforlængelse efter FVL-praksis og RSL § 67)."""
    d = _as_date(d)
    while not is_working_day(d):
        d += timedelta(days=1)
    return d


def previous_working_day(d: date) -> date:
    """Sidste arbejdsdag på eller før ``d``.

    Bruges til frister, der binder kommunen selv: de er kun overholdt, hvis
    kommunen handler senest den sidste arbejdsdag før fristen.
    """
    d = _as_date(d)
    while not is_working_day(d):
        d -= timedelta(days=1)
    return d


def working_days_after(start: date, days: int) -> date:
    """The `days`-th working day after `start`: a control task's due date (weekends, public holidays and the
    closed days do not count)."""
    day = _as_date(start)
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def due_date(start: date, *, weeks: int = 0, days: int = 0) -> date:
    """Fristdato: ``start`` + ``weeks`` uger + ``days`` dage, flyttet til næste arbejdsdag.

    En frist, der falder på en dag, der ikke er en arbejdsdag, udløber først
    den følgende arbejdsdag (FVL-praksis; Ankestyrelsens beregning af
    klagefrister efter RSL § 67).

    :raises ValueError: hvis ``weeks`` eller ``days`` er negativ.
    """
    if weeks < 0 or days < 0:
        raise ValueError("En frist kan ikke være negativ.")
    return next_working_day(_as_date(start) + timedelta(weeks=weeks, days=days))


def decision_target(received: date, weeks: int = DECISION_TARGET_WEEKS) -> date:
    """Måldato for afgørelse: ``weeks`` uger (normalt 4) efter modtaget ansøgning (RSL § 3, stk. 2).

    Kommunen fastsætter og offentliggør selv fristen; 4 uger er standardværdien.
    Fristen binder kommunen, ikke borgeren, og flyttes derfor ikke frem: falder
    dagen på en dag, der ikke er en arbejdsdag, er måldatoen den sidste
    arbejdsdag før.

    :raises ValueError: hvis ``weeks`` ikke er mindst 1.
    """
    if weeks < 1:
        raise ValueError("Sagsbehandlingsfristen skal være mindst 1 uge.")
    return previous_working_day(_as_date(received) + timedelta(weeks=weeks))


def expected_receipt(sent: date, delivery_days: int = DIGITAL_POST_DELIVERY_DAYS) -> date:
    """Den dag, borgeren forventes at modtage et brev sendt ``sent``.

    Brevet sendes med Digital Post og lægges i portalen samme dag, så det regnes
    for modtaget afsendelsesdagen (``delivery_days`` = 0). Klagefristen regnes
    herfra (RSL § 67).

    :raises ValueError: hvis ``delivery_days`` er negativ.
    """
    if delivery_days < 0:
        raise ValueError("Leveringstiden kan ikke være negativ.")
    return _as_date(sent) + timedelta(days=delivery_days)


def late_notice_due(promised: date, today: date, warning_days: int = LATE_NOTICE_WARNING_DAYS) -> bool:
    """Om borgeren skal have besked om, hvornår afgørelsen kan forventes (RSL § 3, stk. 2).

    ``promised`` er den seneste dato, borgeren har fået at vide: måldatoen, eller
    datoen i en tidligere besked om forsinkelse. Når der er ``warning_days`` dage
    eller mindre til den, og afgørelsen ikke er truffet, beder systemet
    sagsbehandleren skrive til borgeren.
    """
    return days_remaining(promised, today) <= warning_days


def complaint_deadline(received_decision: date) -> date:
    """Klagefrist: 4 uger efter borgeren har modtaget afgørelsen (RSL § 67, stk. 1).

    Fristen skal fremgå af klagevejledningen (FVL § 25). Falder den på en dag,
    der ikke er en arbejdsdag, forlænges den til næste arbejdsdag.
    """
    return due_date(received_decision, weeks=COMPLAINT_WEEKS)


def complaint_in_time(received_decision: date, complaint_received: date) -> bool:
    """Om en klage er kommet rettidigt: senest på klagefristen (RSL § 67, stk. 1).

    En klage, der modtages på den dag, fristen er forlænget til (fordi den
    egentlige sidste dag ikke var en arbejdsdag), er rettidig.
    """
    return _as_date(complaint_received) <= complaint_deadline(received_decision)


def reassessment_deadline(complaint_received: date, weeks: int = REASSESSMENT_WEEKS) -> date:
    """Frist for genvurdering: 4 uger efter klagen er modtaget (RSL § 66, stk. 1).

    Inden da skal kommunen enten have sendt en ny afgørelse eller sendt klagen
    til Ankestyrelsen. Fristen binder kommunen selv og flyttes derfor ikke frem:
    falder dagen på en dag, der ikke er en arbejdsdag, er fristen den sidste
    arbejdsdag før.

    :raises ValueError: hvis ``weeks`` ikke er mindst 1.
    """
    if weeks < 1:
        raise ValueError("Fristen for genvurdering skal være mindst 1 uge.")
    return previous_working_day(_as_date(complaint_received) + timedelta(weeks=weeks))


def hearing_deadline(sent: date, days: int = HEARING_RESPONSE_DAYS) -> date:
    """Svarfrist i en partshøring (FVL § 19).

    Loven fastsætter ingen bestemt frist; 14 dage er en almindelig praksis og
    standardværdi, som kan ændres i den konkrete sag.

    :raises ValueError: hvis ``days`` er negativ.
    """
    return due_date(sent, days=days)


def days_remaining(due: date, today: date) -> int:
    """Antal dage til fristen ``due`` set fra ``today``; negativt, når fristen er overskredet.

    Bruges til overvågning af frister efter RSL § 3, stk. 2, FVL § 19 og RSL § 67.
    """
    return (_as_date(due) - _as_date(today)).days


# A date a person types is a date in a case: an application, a grant, a payment period. Outside this
# window it is a typing error (year 1, year 9999), and letting it through breaks deadlines and periods.
SANE_FIRST_DATE: Final = date(2000, 1, 1)
SANE_LAST_DATE: Final = date(2100, 12, 31)
SANE_DATES: Final = (SANE_FIRST_DATE, SANE_LAST_DATE)


def is_sane_date(value: date) -> bool:
    """Om en indtastet dato ligger i vinduet 1. januar 2000 – 31. december 2100."""
    return SANE_FIRST_DATE <= _as_date(value) <= SANE_LAST_DATE
