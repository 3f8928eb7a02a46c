"""Pris på tolkning (BEK §§ 12 og 24, som ændret ved BEK nr. 1317 af 08/09/2020).

Satserne kommer fra satstabellen (``InterpretingRates``); ``SEED_RATES_2020`` er kun seed-/testdata.

Regler og de valg, modulet træffer (dokumenteret her, fordi bekendtgørelsen ikke tager stilling):

* **Afregningsenhed**: mindst 1 time, derefter pr. påbegyndt halve time
  (20 min → 1 t; 61 min → 1,5 t; 90 min → 1,5 t; 91 min → 2 t). Grundbeløbet er timesats × afregnet tid
  for hele sessionen.
* **Weekend/helligdag**: lørdag, søndag og danske helligdage (``holidays``-pakkens PUBLIC-kategori) —
  hele dagen; tillægget gives for al afregnet tid. Grundlovsdag, juleaften og nytårsaften er *ikke*
  helligdage og behandles som hverdage. På weekend-/helligdage gives intet aften-/nattillæg (tillæggene
  lægges ikke sammen).
* **Aften/nat** (kl. 17–07) på andre dage. En session, der krydser en vinduesgrænse, deles: den del, der
  ligger i vinduet, afregnes som en selvstændig del — mindst 1 time, derefter pr. påbegyndt halve time —
  og tillægget gives for den afregnede tid (aldrig mere end sessionens afregnede tid). Eksempler:
  16–18 → 2 t grundbeløb + 1 t aftentillæg; 06–08 → 2 t + 1 t nattillæg; 16:50–17:10 → 1 t + 1 t.
  Valget af denne regel frem for "en halv time hører til det vindue, hvor den starter": startreglen gør
  prisen afhængig af, hvor enhederne falder, så en opdeling af en session kan *sænke* prisen
  (15:35–17:25 giver 4 enheder med én kl. 17:05; delt ved 16:25 giver 2 + 2 enheder, ingen efter kl. 17).
  Med reglen her kan en opdeling aldrig sænke prisen, og prisen falder aldrig ved længere varighed.
* **Krævende tolkning**: tillæg for hver afregnet time.
* **Kørselszonetillæg**: én gang pr. tolk pr. tolkedag (en pause er ikke en ny dag), kun for fremmøde,
  aldrig for fjerntolkning. Zonen er linjens zone, ellers postnummerets zone fra den tabel, kalderen giver.
  Har tolken fremmøde i flere zoner samme dag, gives tillægget for den højeste zone, på den tidligste
  session i den zone.
* **Midnat**: en session ligger på én dato. ``end = time(0, 0)`` betyder 24:00 (sessionen slutter ved
  midnat). En session hen over midnat skal kalderen dele i to linjer, én pr. dato, da dagtypen kan skifte.
* **Afrunding**: hver komponent afrundes til hele øre, halvt op; linje- og totalbeløb er summer af de
  afrundede komponenter.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal

from .deadlines import public_holidays

Zone = Literal[1, 2, 3]
ComponentKind = Literal["base", "weekend", "evening", "demanding", "zone"]

RULE: Final = "BEK nr. 1317 af 08/09/2020 § 24"
ORE: Final = Decimal("0.01")
HALF: Final = Decimal("0.5")
ZONES: Final = (1, 2, 3)

UNIT_MINUTES: Final = 30
MIN_UNITS: Final = 2  # at least 1 hour
DAY_MINUTES: Final = 24 * 60
EVENING_FROM: Final = 17 * 60
NIGHT_UNTIL: Final = 7 * 60

COMPONENT_LABELS: Final[Mapping[ComponentKind, str]] = {
    "base": "Tolketimer",
    "weekend": "Tillæg lørdag, søndag og helligdag",
    "evening": "Tillæg kl. 17–07",
    "demanding": "Tillæg for særligt krævende tolkning",
    "zone": "Kørselszonetillæg",
}


@dataclass(frozen=True)
class InterpretingRates:
    """Én række i satstabellen for tolkning; ``source`` navngiver rækken (vises på hver komponent)."""

    hourly: Decimal
    zone: Mapping[int, Decimal]
    weekend_per_hour: Decimal
    evening_per_hour: Decimal
    demanding_per_hour: Decimal
    valid_from: date
    source: str

    def __post_init__(self) -> None:
        if set(self.zone) != set(ZONES):
            raise ValueError("Zonetillæg skal angives for zone 1, 2 og 3.")
        amounts = [
            self.hourly,
            self.weekend_per_hour,
            self.evening_per_hour,
            self.demanding_per_hour,
            *self.zone.values(),
        ]
        for amount in amounts:
            if not isinstance(amount, Decimal) or not amount.is_finite() or amount < 0:
                raise ValueError("Satser skal være ikke-negative Decimal-beløb.")


SEED_RATES_2020: Final = InterpretingRates(
    hourly=Decimal(650),
    zone={1: Decimal(275), 2: Decimal(650), 3: Decimal(1050)},
    weekend_per_hour=Decimal(161),
    evening_per_hour=Decimal(86),
    demanding_per_hour=Decimal(135),
    valid_from=date(2020, 9, 10),
    source="BEK 1317 § 24 (seed, fra 10.09.2020)",
)


def _minute(t: time, *, is_end: bool) -> int:
    if t.second or t.microsecond or t.tzinfo is not None:
        raise ValueError("Tidspunkter angives i hele minutter uden tidszone.")
    m = t.hour * 60 + t.minute
    return DAY_MINUTES if is_end and m == 0 else m


@dataclass(frozen=True)
class Session:
    """Én tolkeseance på én dato. ``end = time(0, 0)`` betyder 24:00.

    Fremmøde kræver ``zone`` eller ``postcode``; fjerntolkning (``remote``) får aldrig zonetillæg.
    """

    date: date
    start: time
    end: time
    interpreter: str
    remote: bool = False
    zone: int | None = None
    postcode: str | None = None
    demanding: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.date, datetime):
            raise ValueError("Sessionens dato skal være en dato, ikke et tidspunkt.")
        if self.zone is not None and self.zone not in ZONES:
            raise ValueError("Zone skal være 1, 2 eller 3.")
        if self.start_minute >= self.end_minute:
            raise ValueError("Sluttid skal ligge efter starttid samme dag (00:00 som sluttid er 24:00).")

    @property
    def start_minute(self) -> int:
        return _minute(self.start, is_end=False)

    @property
    def end_minute(self) -> int:
        return _minute(self.end, is_end=True)

    @property
    def minutes(self) -> int:
        return self.end_minute - self.start_minute


@dataclass(frozen=True)
class Component:
    kind: ComponentKind
    label: str
    quantity: Decimal  # hours, or 1 for the zone supplement
    rate: Decimal
    amount: Decimal
    rule: str
    rate_row: str


@dataclass(frozen=True)
class LinePrice:
    session: Session
    billed_hours: Decimal
    components: tuple[Component, ...]

    @property
    def total(self) -> Decimal:
        return sum((c.amount for c in self.components), Decimal(0))

    def amount(self, kind: ComponentKind) -> Decimal:
        return sum((c.amount for c in self.components if c.kind == kind), Decimal(0))


@dataclass(frozen=True)
class Pricing:
    lines: tuple[LinePrice, ...]

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    def amount(self, kind: ComponentKind) -> Decimal:
        return sum((line.amount(kind) for line in self.lines), Decimal(0))


def is_weekend_or_holiday(d: date) -> bool:
    """Lørdag, søndag eller dansk helligdag (ikke grundlovsdag, juleaften, nytårsaften)."""
    return d.weekday() >= 5 or d in public_holidays(d.year)


def billed_units(minutes: int) -> int:
    """Afregnede halve timer: mindst 1 time, derefter pr. påbegyndt halve time."""
    if minutes <= 0:
        return 0
    return max(MIN_UNITS, math.ceil(minutes / UNIT_MINUTES))


def _evening_units(session: Session) -> int:
    # Each part of the session inside 00–07 or 17–24 is billed as a part of its own (see module doc).
    start, end = session.start_minute, session.end_minute
    parts = (
        min(end, NIGHT_UNTIL) - start,
        end - max(start, EVENING_FROM),
    )
    units = sum(billed_units(p) for p in parts)
    return min(units, billed_units(session.minutes))


def _hours(units: int) -> Decimal:
    return Decimal(units) * HALF


def _component(kind: ComponentKind, quantity: Decimal, rate: Decimal, rates: InterpretingRates) -> Component:
    amount = (quantity * rate).quantize(ORE, rounding=ROUND_HALF_UP)
    return Component(kind, COMPONENT_LABELS[kind], quantity, rate, amount, RULE, rates.source)


def _zone_of(session: Session, zone_of_postcode: Mapping[str, int]) -> int:
    if session.zone is not None:
        return session.zone
    if session.postcode is None or session.postcode not in zone_of_postcode:
        when = f"{session.date:%d.%m.%Y}"
        raise ValueError(f"Ukendt zone for fremmøde på {when} (postnummer {session.postcode}).")
    zone = zone_of_postcode[session.postcode]
    if zone not in ZONES:
        raise ValueError(f"Postnummer {session.postcode} har en ugyldig zone: {zone}.")
    return zone


def _zone_lines(sessions: Sequence[Session], zone_of_postcode: Mapping[str, int]) -> dict[int, int]:
    """Index of the line that carries the zone supplement → zone, one per (interpreter, date)."""
    # Highest zone wins; among equals the earliest session, then the first line.
    best: dict[tuple[str, date], tuple[int, int, int]] = {}  # key → (zone, -start, -index)
    for index, session in enumerate(sessions):
        if session.remote:
            continue
        key = (session.interpreter, session.date)
        candidate = (_zone_of(session, zone_of_postcode), -session.start_minute, -index)
        if key not in best or candidate > best[key]:
            best[key] = candidate
    return {-neg_index: zone for zone, _, neg_index in best.values()}


def price_sessions(
    sessions: Iterable[Session],
    rates: InterpretingRates,
    zone_of_postcode: Mapping[str, int] | None = None,
) -> Pricing:
    """Prissæt tolkelinjer efter satstabellens række ``rates`` (BEK nr. 1317 af 08/09/2020 § 24)."""
    items = tuple(sessions)
    for session in items:
        if session.date < rates.valid_from:
            raise ValueError(f"Satsrækken {rates.source} gælder ikke for {session.date:%d.%m.%Y}.")
    zones = _zone_lines(items, zone_of_postcode or {})
    lines = []
    for index, session in enumerate(items):
        units = billed_units(session.minutes)
        hours = _hours(units)
        parts = [_component("base", hours, rates.hourly, rates)]
        if is_weekend_or_holiday(session.date):
            parts.append(_component("weekend", hours, rates.weekend_per_hour, rates))
        else:
            evening = _evening_units(session)
            if evening:
                parts.append(_component("evening", _hours(evening), rates.evening_per_hour, rates))
        if session.demanding:
            parts.append(_component("demanding", hours, rates.demanding_per_hour, rates))
        if index in zones:
            parts.append(_component("zone", Decimal(1), rates.zone[zones[index]], rates))
        lines.append(LinePrice(session, hours, tuple(parts)))
    return Pricing(tuple(lines))
