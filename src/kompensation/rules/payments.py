"""Udbetaling af tilskud til personlig assistance (BEK §§ 22–23, § 25, stk. 5, og § 27).

Beløbsberegning i to former:

* **detaljeret**: timer × timesats pr. assistent og periode (BEK § 22) plus de
  tillæg, arbejdsgiveren har haft udgift til på den faktiske løn (BEK § 23);
* **forenklet** (kommunal indstilling foreslået i revisionen): timer × timesats
  plus en standardprocent for ferie, pension, sygdom m.v.

Beløb er ``Decimal`` i øre. Hver linje afrundes for sig til hele øre (halvt op),
og totalen er summen af de afrundede linjer, så det viste regnestykke altid går
op. Satser er rækker i en satstabel med en virkningsdato; hver linje noterer den
række, den er beregnet med.

Desuden frister for anmodning og udbetaling, kvartaler, bankdage og modregning.
"""

from __future__ import annotations

import calendar
import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal, get_args

from dateutil.easter import easter

from kompensation.rules import deadlines, pa

Mode = Literal["detailed", "simplified"]
RateKind = Literal["standard", "raised"]

SupplementKind = Literal[
    "holiday_pay",
    "holiday_supplement",
    "sickness",
    "atp",
    "aub",
    "pension",
    "unemployment_days",
    "auf",
    "aes",
]

SUPPLEMENT_KINDS: Final[tuple[SupplementKind, ...]] = get_args(SupplementKind)

# Read-only, like pa.TIER_LABELS: the labels appear on every calculation shown to employers.
SUPPLEMENT_LABELS: Final[Mapping[SupplementKind, str]] = MappingProxyType(
    {
        "holiday_pay": "Feriegodtgørelse",
        "holiday_supplement": "Ferietillæg",
        "sickness": "Sygedagpenge, der ikke refunderes af anden myndighed",
        "atp": "ATP-bidrag",
        "aub": "AUB-bidrag (tidligere AER)",
        "pension": "Pensionsbidrag",
        "unemployment_days": "Betaling for 1.–3. ledighedsdag",
        "auf": "AUF-bidrag",
        "aes": "Lovpligtig arbejdsskadeforsikring (AES)",
    }
)

SUPPLEMENT_CHOICES: Final[tuple[tuple[SupplementKind, str], ...]] = tuple(
    (kind, SUPPLEMENT_LABELS[kind]) for kind in SUPPLEMENT_KINDS
)

# One place to refine the reference (stk./nr.) for each supplement without touching the calculation.
SUPPLEMENT_RULES: Final[Mapping[SupplementKind, str]] = MappingProxyType(
    dict.fromkeys(SUPPLEMENT_KINDS, "BEK § 23")
)

ORE: Final = Decimal("0.01")
HUNDRED: Final = Decimal(100)

RULE_WAGE: Final = "BEK § 22"
RULE_SUPPLEMENT: Final = "BEK § 23"
RULE_HOURS_CAP: Final = "BEK § 15"

CODE_WAGE: Final[Mapping[RateKind, str]] = MappingProxyType(
    {"standard": "wage_standard", "raised": "wage_raised"}
)
CODE_HOURS_CAP: Final = "hours_cap"
CODE_SUPPLEMENT_CAP: Final = "supplement_cap"
DEDUCTION_CODES: Final = frozenset({CODE_HOURS_CAP, CODE_SUPPLEMENT_CAP})
CODE_STANDARD_SUPPLEMENT: Final = "standard_supplement"

RATE_KIND_LABELS: Final[Mapping[RateKind, str]] = MappingProxyType(
    {"standard": "standardsats", "raised": "forhøjet sats"}
)
LABEL_HOURS_CAP: Final = "Timer ud over bevillingens gennemsnit"
# The share of a supplement per requested hour is kept to 8 decimals: the line's arithmetic is then exactly
# what it shows, and the rounding costs at most 0,01 kr. per 1.000.000 kr. of supplements per hour cut.
SHARE: Final = Decimal("1e-8")
LABEL_STANDARD_SUPPLEMENT: Final = "Standardtillæg (ferie, pension, sygdom m.v.)"

PAYOUT_DAYS: Final = 14

MSG_AMOUNT_NOT_NUMBER: Final = "Beløb skal være et tal."
MSG_NOT_ORE: Final = "Beløb skal angives i hele øre."


def _fmt_date(d: date) -> str:
    return f"{d:%d.%m.%Y}"


def _as_date(d: date) -> date:
    # A datetime never equals a date, so it would silently miss every lookup below.
    return d.date() if isinstance(d, datetime) else d


def _finite(value: object, message: str) -> Decimal:
    # bool is an int and float is binary: neither may pass as money or hours.
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ValueError(message)
    return value


def round_ore(x: Decimal) -> Decimal:
    """Afrund et beløb til hele øre, halvt op (0,005 → 0,01; −0,005 → −0,01).

    Afrunding sker på hver linje for sig; totaler er summen af afrundede
    linjer (designvalg for BEK §§ 22–23-beregningen, så regnestykket går op).
    """
    result = _finite(x, MSG_AMOUNT_NOT_NUMBER).quantize(ORE, rounding=ROUND_HALF_UP)
    # No "-0.00" in a letter or a JSON snapshot.
    return result.copy_abs() if result.is_zero() else result


# --- data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """Én række i en satstabel: timesatsen (eller procenten) med virkning fra ``valid_from``.

    ``ref`` er rækkens id som tekst, så en beregning kan notere, hvilken række
    den brugte (BEK § 22: satsen ændres hvert år pr. 1. april).
    """

    ref: str
    valid_from: date
    hourly: Decimal

    def __post_init__(self) -> None:
        value = _finite(self.hourly, f"Satsen {self.ref} skal være et tal.")
        if value < 0:
            raise ValueError(f"Satsen {self.ref} kan ikke være negativ.")


@dataclass(frozen=True)
class HoursLine:
    """Timer udført af én assistent i perioden ``start``–``end`` (begge dage med).

    Timer angives i hele eller halve timer (BEK § 15). ``rate_kind`` er
    ``"raised"``, når der efter en konkret vurdering er fastsat en forhøjet sats
    (BEK § 22).
    """

    assistant: str
    start: date
    end: date
    hours: Decimal
    rate_kind: RateKind = "standard"
    seniority: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.assistant, str) or not self.assistant.strip():
            raise ValueError("Assistentens navn skal udfyldes.")
        who = self.assistant
        hours = _finite(self.hours, f"Timerne for {who} skal være et tal.")
        if hours < 0:
            raise ValueError(f"Timerne for {who} kan ikke være negative.")
        if not pa.is_half_hour_step(hours):
            raise ValueError(f"Timerne for {who} skal angives i hele eller halve timer, fx 7,5.")
        if self.end < self.start:
            raise ValueError(
                f"Perioden for {who}s timer slutter {_fmt_date(self.end)}, før den begynder "
                f"{_fmt_date(self.start)}."
            )
        if isinstance(self.seniority, bool) or not isinstance(self.seniority, int) or self.seniority < 0:
            raise ValueError(f"Anciennitetstrinnet for {who} skal være et helt tal fra 0.")
        if self.rate_kind not in RATE_KIND_LABELS:
            raise ValueError(f"Ukendt satstype: {self.rate_kind!r}. Gyldige typer er: standard, raised.")


@dataclass(frozen=True)
class Supplement:
    """Et tillæg efter BEK § 23 for én assistent.

    Enten et fast beløb (``amount``) eller en procentsats (``percentage``) af det
    lønbeløb, satsen gælder for (``basis``), fx 12,5 % feriegodtgørelse af den
    faktisk udbetalte løn.
    """

    kind: SupplementKind
    assistant: str
    amount: Decimal | None = None
    percentage: Decimal | None = None
    basis: Decimal | None = None

    def __post_init__(self) -> None:
        if self.kind not in SUPPLEMENT_LABELS:
            raise ValueError(f"Ukendt tillæg: {self.kind!r}.")
        if not isinstance(self.assistant, str) or not self.assistant.strip():
            raise ValueError("Assistentens navn skal udfyldes.")
        what = f"{SUPPLEMENT_LABELS[self.kind].lower()} til {self.assistant}"
        has_percentage_form = self.percentage is not None or self.basis is not None
        if self.amount is not None and has_percentage_form:
            raise ValueError(f"Angiv enten et beløb eller en procentsats af lønnen for {what}, ikke begge.")
        if self.amount is not None:
            if _finite(self.amount, f"Beløbet for {what} skal være et tal.") < 0:
                raise ValueError(f"Beløbet for {what} kan ikke være negativt.")
            return
        if not has_percentage_form:
            raise ValueError(f"Angiv et beløb eller en procentsats af lønnen for {what}.")
        if self.percentage is None:
            raise ValueError(f"Angiv procentsatsen for {what}.")
        if self.basis is None:
            raise ValueError(f"Angiv det lønbeløb, procentsatsen for {what} beregnes af.")
        percentage = _finite(self.percentage, f"Procentsatsen for {what} skal være et tal.")
        if not 0 <= percentage <= HUNDRED:
            raise ValueError(f"Procentsatsen for {what} skal ligge mellem 0 og 100.")
        if _finite(self.basis, f"Lønbeløbet for {what} skal være et tal.") < 0:
            raise ValueError(f"Lønbeløbet for {what} kan ikke være negativt.")


@dataclass(frozen=True)
class Line:
    """Én linje i en beregning.

    ``amount`` er ``round_ore(quantity × unit_amount)``: timer × timesats for
    løn, lønbeløb × procent/100 for procenttillæg, 1 × beløb for faste tillæg.
    ``rule`` er hjemlen, ``rate_ref`` satsrækken (``None`` for tillæg).
    ``of_line`` er, for en fradragslinje, nummeret (fra 0) på den linje, den
    trækker fra; linjen og dens fradrag rettes som én (ingen dobbelt fradrag).
    """

    code: str
    label: str
    assistant: str
    quantity: Decimal
    unit_amount: Decimal
    amount: Decimal
    rule: str
    rate_ref: str | None
    of_line: int | None = None


@dataclass(frozen=True)
class Calculation:
    """En beregning: linjerne, totalen (summen af de afrundede linjer) og de betalte timer."""

    mode: Mode
    lines: tuple[Line, ...]
    total: Decimal
    hours: Decimal


# --- rates ------------------------------------------------------------------------------------------


def _rate_on(rates: Sequence[Rate], day: date, what: str) -> Rate:
    day = _as_date(day)
    seen: set[date] = set()
    for rate in rates:
        if rate.valid_from in seen:
            raise ValueError(
                f"Satstabellen for {what} har to rækker med virkning fra {_fmt_date(rate.valid_from)}. "
                "Der må kun være én."
            )
        seen.add(rate.valid_from)
    candidates = [rate for rate in rates if rate.valid_from <= day]
    if not candidates:
        raise ValueError(f"Der er ingen {what}, der gælder den {_fmt_date(day)}. Indtast satsen først.")
    return max(candidates, key=lambda rate: rate.valid_from)


def rate_on(rates: Sequence[Rate], day: date) -> Rate:
    """Den satsrække, der gælder ``day``: rækken med den seneste virkningsdato til og med ``day``.

    Satserne efter BEK § 22 skifter hvert år pr. 1. april; en udbetaling
    beregnes med den sats, der gjaldt, da timerne blev udført.

    :raises ValueError: når ingen række gælder ``day``, eller to rækker har samme virkningsdato.
    """
    return _rate_on(rates, day, "sats")


def rate_changes_within(rates: Sequence[Rate], start: date, end: date) -> list[date]:
    """Virkningsdatoer, der falder efter ``start`` og senest ``end`` (sorteret, uden dubletter).

    Timer i en periode, der rummer en satsændring, skal deles ved disse datoer,
    så hver del beregnes med sin egen sats (BEK § 22).
    """
    start, end = _as_date(start), _as_date(end)
    return sorted({rate.valid_from for rate in rates if start < rate.valid_from <= end})


# --- hours ------------------------------------------------------------------------------------------


def allowed_hours(weekly_hours: Decimal, start: date, end: date) -> Decimal:
    """Timer, bevillingen giver plads til i ``start``–``end`` (begge dage med) (BEK § 15).

    Grænsen er et gennemsnit pr. uge over kvartalet: timer om ugen × antal
    dage / 7, rundet ned til hele eller halve timer, så grænsen aldrig
    overskrides ved afrunding. 10 timer om ugen i 1. kvartal 2026 (90 dage)
    giver 128,5 timer.

    :raises ValueError: ved negative timer eller en periode, der slutter før den begynder.
    """
    weekly = _finite(weekly_hours, "Timer om ugen skal være et tal.")
    if weekly < 0:
        raise ValueError("Timer om ugen kan ikke være negative.")
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError(f"Perioden slutter {_fmt_date(end)}, før den begynder {_fmt_date(start)}.")
    days = (end - start).days + 1
    half_hours = math.floor(Fraction(weekly) * days * 2 / 7)
    return Decimal(f"{half_hours * 5}e-1")


def cap_hours(calculation_hours: Decimal, allowed: Decimal) -> Decimal:
    """De timer, der kan betales: de beregnede timer, højst de tilladte (BEK § 15)."""
    return min(calculation_hours, allowed)


@dataclass(frozen=True)
class CountedHours:
    """Timer, som en anden levende anmodning på samme bevilling har fået betalt (BEK § 15).

    ``hours`` er de tilskudsberettigede timer efter loftet, ikke de anmodede:
    timer, der blev trukket fra, har ikke brugt af kvartalets ramme.
    """

    start: date
    end: date
    hours: Decimal


def allowed_hours_so_far(
    weekly_hours: Decimal,
    start: date,
    end: date,
    *,
    grant_start: date,
    grant_end: date | None = None,
    earlier: Sequence[CountedHours] = (),
) -> Decimal:
    """Timer, en anmodning for ``start``–``end`` kan få betalt: det, kvartalet giver plads til indtil nu.

    Timerne er bevilget som et gennemsnit pr. uge *over kvartalet* (BEK § 15;
    pa-rules.md »Payment«: en månedlig anmodning holdes op mod det, kvartalet
    giver plads til indtil nu, ikke mod et loft pr. måned). Læsningen her:

    1. Kvartalets ramme er :func:`allowed_hours` for hele kvartalet, afskåret
       til bevillingens periode (10 timer om ugen i 1. kvartal 2026, 90 dage:
       128,5 timer).
    2. Fra rammen trækkes de timer, de andre levende anmodninger på bevillingen
       i samme kvartal har fået betalt (``earlier``). En anmodning, der kun
       delvis ligger i kvartalet, tæller med alle sine timer.
    3. Resten, dog ikke under 0, er det, anmodningen kan få betalt. En
       månedlig anmodning betales altså fuldt ud, så længe kvartalets timer
       indtil nu (denne måned plus de tidligere anmodninger) holder sig inden
       for hele kvartalets ramme; kvartalets sidste anmodning begrænses til det,
       der er tilbage. Eksempel: 60, 30 og 30 timer i januar, februar og marts
       under 10 timer om ugen betales fuldt ud (120 ≤ 128,5).

    En periode, der spænder over mere end ét kvartal (kun muligt gennem API'et),
    holdes op mod gennemsnittet for selve perioden (:func:`allowed_hours`).

    :raises ValueError: ved negative timer eller en periode, der slutter før den begynder.
    """
    start, end = _as_date(start), _as_date(end)
    if end < start:
        raise ValueError(f"Perioden slutter {_fmt_date(end)}, før den begynder {_fmt_date(start)}.")
    grant_start = _as_date(grant_start)
    grant_end = _as_date(grant_end) if grant_end is not None else None

    def clipped(first: date, last: date) -> tuple[date, date]:
        return max(first, grant_start), min(last, grant_end) if grant_end is not None else last

    if quarter_of(start) != quarter_of(end):
        first, last = clipped(start, end)
        return allowed_hours(weekly_hours, first, last) if first <= last else Decimal(0)
    q_start, q_end = quarter_bounds(*quarter_of(start))
    first, last = clipped(q_start, q_end)
    if last < first:
        return Decimal(0)
    frame = allowed_hours(weekly_hours, first, last)
    used = sum(
        (
            _finite(c.hours, "Timerne i en tidligere anmodning skal være et tal.")
            for c in earlier
            if c.start <= q_end and c.end >= q_start
        ),
        Decimal(0),
    )
    return max(frame - used, Decimal(0))


# --- calculation ------------------------------------------------------------------------------------


def _wage_line(
    line: HoursLine,
    standard_rates: Sequence[Rate],
    raised_rates: Sequence[Rate],
    seniority_rates: Mapping[int, Sequence[Rate]],
) -> Line:
    """The subsidy for one hours line; a standard line of a senior assistant uses its step's table."""
    if line.rate_kind == "raised":
        table, what = raised_rates, "forhøjet sats"
    elif line.seniority:
        if line.seniority not in seniority_rates:
            raise ValueError(f"Der er ingen sats for anciennitetstrin {line.seniority} ({line.assistant}).")
        table, what = seniority_rates[line.seniority], f"standardsats, anciennitetstrin {line.seniority}"
    else:
        table, what = standard_rates, "standardsats"
    rate = _rate_on(table, line.start, what)
    changes = rate_changes_within(table, line.start, line.end)
    if changes:
        raise ValueError(
            f"Timerne for {line.assistant} skal deles før og efter satsændringen den {_fmt_date(changes[0])}."
        )
    period = f"{_fmt_date(line.start)}–{_fmt_date(line.end)}"
    return Line(
        code=CODE_WAGE[line.rate_kind],
        label=f"Løntilskud ({what}) {period}",
        assistant=line.assistant,
        quantity=line.hours,
        unit_amount=rate.hourly,
        amount=round_ore(line.hours * rate.hourly),
        rule=RULE_WAGE,
        rate_ref=rate.ref,
    )


def _cap_lines(wage_lines: Sequence[Line], allowed: Decimal | None) -> dict[int, Line]:
    """Negative linjer for timer ud over ``allowed``, taget bagfra i den angivne rækkefølge.

    Det overskydende timetal fratrækkes med satsen på den SIDSTE timelinje; er
    der flere overskydende timer end på den linje, fortsættes med linjen før
    osv. Hver fradragslinje bruger satsen på den timelinje, den fratrækker fra,
    og kan højst fjerne linjens egne timer. Derfor bliver lønnen aldrig negativ.
    """
    if allowed is None:
        return {}
    limit = _finite(allowed, "Det tilladte antal timer skal være et tal.")
    if limit < 0:
        raise ValueError("Det tilladte antal timer kan ikke være negativt.")
    excess = sum((line.quantity for line in wage_lines), Decimal(0)) - limit
    caps: dict[int, Line] = {}
    for index in reversed(range(len(wage_lines))):
        if excess <= 0:
            break
        wage = wage_lines[index]
        cut = min(excess, wage.quantity)
        if cut <= 0:
            continue
        caps[index] = Line(
            code=CODE_HOURS_CAP,
            label=LABEL_HOURS_CAP,
            assistant=wage.assistant,
            quantity=-cut,
            unit_amount=wage.unit_amount,
            amount=round_ore(-cut * wage.unit_amount),
            rule=RULE_HOURS_CAP,
            rate_ref=wage.rate_ref,
        )
        excess -= cut
    return caps


def _percentage_line(
    *, code: str, label: str, assistant: str, basis: Decimal, percentage: Decimal, rule: str
) -> Line:
    factor = percentage / HUNDRED
    return Line(
        code=code,
        label=label,
        assistant=assistant,
        quantity=basis,
        unit_amount=factor,
        amount=round_ore(basis * factor),
        rule=rule,
        rate_ref=None,
    )


def _supplement_line(supplement: Supplement) -> Line:
    label = SUPPLEMENT_LABELS[supplement.kind]
    rule = SUPPLEMENT_RULES[supplement.kind]
    if supplement.amount is not None:
        return Line(
            code=supplement.kind,
            label=label,
            assistant=supplement.assistant,
            quantity=Decimal(1),
            unit_amount=supplement.amount,
            amount=round_ore(supplement.amount),
            rule=rule,
            rate_ref=None,
        )
    assert supplement.percentage is not None and supplement.basis is not None  # checked in __post_init__
    return _percentage_line(
        code=supplement.kind,
        label=f"{label} ({pa.format_hours(supplement.percentage)} %)",
        assistant=supplement.assistant,
        basis=supplement.basis,
        percentage=supplement.percentage,
        rule=rule,
    )


def _supplement_cap_line(supplement: Line, index: int, cut: Decimal, requested: Decimal) -> Line:
    """The part of a supplement that belongs to the hours cut (BEK § 23 follows the subsidised hours).

    −fratrukne timer × (tillæg / anmodede timer), andelen pr. time med 8 decimaler: 1.000,00 kr. i
    feriegodtgørelse for 60 timer, hvoraf 16 er trukket fra, giver −16 × 16,66666667 = −266,67 kr.
    """
    per_hour = (supplement.amount / requested).quantize(SHARE, rounding=ROUND_HALF_UP)
    return Line(
        code=CODE_SUPPLEMENT_CAP,
        label=(
            f"{supplement.label}: andel for timer ud over gennemsnittet "
            f"({pa.format_hours(cut)} af {pa.format_hours(requested)} timer)"
        ),
        assistant=supplement.assistant,
        quantity=-cut,
        unit_amount=per_hour,
        amount=round_ore(-cut * per_hour),
        rule=RULE_SUPPLEMENT,
        rate_ref=None,
        of_line=index,
    )


def _calculation(mode: Mode, lines: Sequence[Line]) -> Calculation:
    total = sum((line.amount for line in lines), Decimal("0.00"))
    paid_hours = sum(
        (line.quantity for line in lines if line.code in CODE_WAGE.values() or line.code == CODE_HOURS_CAP),
        Decimal(0),
    )
    return Calculation(mode=mode, lines=tuple(lines), total=total, hours=paid_hours)


def calculate_detailed(
    *,
    hours: Sequence[HoursLine],
    supplements: Sequence[Supplement],
    standard_rates: Sequence[Rate],
    raised_rates: Sequence[Rate] = (),
    seniority_rates: Mapping[int, Sequence[Rate]] | None = None,
    allowed_hours: Decimal | None = None,
) -> Calculation:
    """Detaljeret beregning af tilskuddet (BEK §§ 22–23).

    1. Én løntilskudslinje pr. timelinje: timer × den sats (standard eller
       forhøjet), der gjaldt ved periodens start, afrundet til øre (BEK § 22).
       En timelinje, der spænder over en satsændring, afvises; timerne skal
       deles ved ændringsdatoen.
    2. Er ``allowed_hours`` angivet og overskredet, fratrækkes de overskydende
       timer i negative linjer »Timer ud over bevillingens gennemsnit«
       (BEK § 15), med satsen på den sidste timelinje (se :func:`_cap_lines`).
    3. Én linje pr. tillæg: beløbet, eller lønbeløb × procent / 100, afrundet
       til øre (BEK § 23). Et tillæg kræver timer for samme assistent.
    4. Tillæggene følger de timer, der gives tilskud til (BEK § 23): er der
       trukket timer fra for en assistent, følger hvert af assistentens tillæg
       efter med en fradragslinje for tillæggets andel af de fratrukne timer
       (se :func:`_supplement_cap_line`).

    :raises ValueError: med en dansk meddelelse ved ugyldige data.
    """
    wage_lines = [_wage_line(line, standard_rates, raised_rates, seniority_rates or {}) for line in hours]
    assistants = {line.assistant for line in hours}
    for supplement in supplements:
        if supplement.assistant not in assistants:
            raise ValueError(
                f"Der er ikke angivet timer for {supplement.assistant}, så der kan ikke gives "
                f"{SUPPLEMENT_LABELS[supplement.kind].lower()} for vedkommende."
            )
    caps = _cap_lines(wage_lines, allowed_hours)
    lines: list[Line] = [*wage_lines, *(replace(caps[index], of_line=index) for index in sorted(caps))]
    requested: dict[str, Decimal] = {}
    for wage in wage_lines:
        requested[wage.assistant] = requested.get(wage.assistant, Decimal(0)) + wage.quantity
    cut: dict[str, Decimal] = {}
    for cap in caps.values():
        cut[cap.assistant] = cut.get(cap.assistant, Decimal(0)) - cap.quantity
    for supplement in supplements:
        line = _supplement_line(supplement)
        lines.append(line)
        if cut.get(supplement.assistant):
            lines.append(
                _supplement_cap_line(
                    line, len(lines) - 1, cut[supplement.assistant], requested[line.assistant]
                )
            )
    return _calculation("detailed", lines)


def calculate_simplified(
    *,
    hours: Sequence[HoursLine],
    standard_rates: Sequence[Rate],
    standard_percentage: Decimal,
    raised_rates: Sequence[Rate] = (),
    seniority_rates: Mapping[int, Sequence[Rate]] | None = None,
    allowed_hours: Decimal | None = None,
) -> Calculation:
    """Forenklet beregning: sats × timer plus en standardprocent (BEK §§ 22–23; kommunal indstilling).

    For hver timelinje: løntilskudslinjen som i :func:`calculate_detailed`,
    eventuelt en fradragslinje for timer ud over ``allowed_hours`` (BEK § 15),
    og en linje »Standardtillæg (ferie, pension, sygdom m.v.)« =
    (løntilskud + fradrag) × ``standard_percentage`` / 100, afrundet til øre.
    Tillægget beregnes altså af den løn, der faktisk betales.

    Uden loft giver det samme total som den detaljerede beregning med ét
    procenttillæg pr. timelinje af linjens løntilskud.

    :raises ValueError: med en dansk meddelelse ved ugyldige data.
    """
    percentage = _finite(standard_percentage, "Standardprocenten skal være et tal.")
    if not 0 <= percentage <= HUNDRED:
        raise ValueError("Standardprocenten skal ligge mellem 0 og 100.")
    wage_lines = [_wage_line(line, standard_rates, raised_rates, seniority_rates or {}) for line in hours]
    caps = _cap_lines(wage_lines, allowed_hours)
    lines: list[Line] = []
    for index, wage in enumerate(wage_lines):
        lines.append(wage)
        paid = wage.amount
        cap = caps.get(index)
        if cap is not None:
            lines.append(replace(cap, of_line=len(lines) - 1))
            paid += cap.amount
        lines.append(
            _percentage_line(
                code=CODE_STANDARD_SUPPLEMENT,
                label=LABEL_STANDARD_SUPPLEMENT,
                assistant=wage.assistant,
                basis=paid,
                percentage=percentage,
                rule=RULE_SUPPLEMENT,
            )
        )
    return _calculation("simplified", lines)


# --- quarters and deadlines -------------------------------------------------------------------------


def quarter_of(d: date) -> tuple[int, int]:
    """Året og kvartalet (1–4), ``d`` ligger i (BEK § 27: der anmodes kvartalsvis)."""
    return d.year, (d.month - 1) // 3 + 1


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """Første og sidste dag i kvartalet (BEK § 27).

    :raises ValueError: hvis ``quarter`` ikke er 1–4.
    """
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"Kvartalet skal være 1, 2, 3 eller 4, ikke {quarter}.")
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), month_bounds(year, first_month + 2)[1]


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """Første og sidste dag i måneden (der må anmodes månedsvis, BEK § 27).

    :raises ValueError: hvis ``month`` ikke er 1–12.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"Måneden skal være 1–12, ikke {month}.")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


MONTH_NAMES: Final = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def period_label(start: date, end: date) -> str:
    """En periode, som virksomheden skriver den: »3. kvartal 2026«, »januar 2026« eller datoerne."""
    start, end = _as_date(start), _as_date(end)
    year, quarter = quarter_of(start)
    if (start, end) == quarter_bounds(year, quarter):
        return f"{quarter}. kvartal {year}"
    if (start, end) == month_bounds(start.year, start.month):
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    return f"{_fmt_date(start)}–{_fmt_date(end)}"


def request_deadline(period_end: date) -> date:
    """Sidste frist for at anmode om udbetaling for en periode, der slutter ``period_end`` (BEK § 27).

    Der anmodes senest efter udgangen af hvert kvartal; jobcentrene læser det
    som senest ved udgangen af det følgende kvartal (1. kvartal senest 30. juni).
    Falder dagen på en dag, der ikke er en arbejdsdag, flyttes fristen til
    næste arbejdsdag.
    """
    year, quarter = quarter_of(_as_date(period_end))
    year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return deadlines.next_working_day(quarter_bounds(year, quarter)[1])


def is_late(period_end: date, received: date) -> bool:
    """Om anmodningen er modtaget efter fristen i :func:`request_deadline` (BEK § 27).

    En sen anmodning markeres; kommunen beslutter, om der alligevel betales, og noterer hvorfor.
    """
    return _as_date(received) > request_deadline(period_end)


def earliest_payable(application_received: date) -> date:
    """Første dag, der kan betales tilskud for: 3 måneder før ansøgningen blev modtaget (BEK § 25, stk. 5)."""
    return pa.earliest_start(_as_date(application_received))


# --- bank days and payout ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _friday_after_ascension(year: int) -> date:
    # Ascension Day is Easter Sunday + 39 days in every year; computing it (dateutil ships with
    # `holidays`) keeps payout dates defined beyond the years the holiday calendar covers.
    ascension: date = easter(year) + timedelta(days=39)
    return ascension + timedelta(days=1)


def is_bank_day(d: date) -> bool:
    """Om bankerne udfører betalinger ``d``.

    En arbejdsdag efter :func:`deadlines.is_working_day` (ikke weekend,
    helligdag, grundlovsdag, juleaftensdag eller nytårsaftensdag), som heller
    ikke er fredagen efter Kristi himmelfartsdag, hvor bankerne holder lukket.
    """
    d = _as_date(d)
    return deadlines.is_working_day(d) and d != _friday_after_ascension(d.year)


def next_bank_day(d: date) -> date:
    """Første bankdag fra og med ``d``."""
    d = _as_date(d)
    while not is_bank_day(d):
        d += timedelta(days=1)
    return d


def previous_bank_day(d: date) -> date:
    """Seneste bankdag på eller før ``d``."""
    d = _as_date(d)
    while not is_bank_day(d):
        d -= timedelta(days=1)
    return d


def payout_due(complete_received: date) -> date:
    """Seneste udbetalingsdag: den sidste bankdag på eller før dag 14 efter den fuldstændige anmodning.

    Kommunen udbetaler *inden for* 14 dage efter at have modtaget anmodningen
    (Københavns Kommunes vejledning, jf. BEK § 27; pa-rules.md »Payment«). Er
    dag 14 en lukkedag for bankerne (weekend, helligdag, fredagen efter Kristi
    himmelfartsdag, 5. juni, 24. eller 31. december), rykkes dagen frem til den
    sidste bankdag før, aldrig til en dag efter dag 14: modtaget 11.12.2026 giver
    dag 14 = 25.12.2026, og 24.–26. december er lukkedage, så der udbetales
    senest onsdag 23.12.2026.
    """
    return previous_bank_day(_as_date(complete_received) + timedelta(days=PAYOUT_DAYS))


# --- offsetting -------------------------------------------------------------------------------------


def _money(value: object, message: str) -> Decimal:
    amount = _finite(value, MSG_AMOUNT_NOT_NUMBER)
    if amount < 0:
        raise ValueError(message)
    if amount != round_ore(amount):
        raise ValueError(MSG_NOT_ORE)
    return amount


def offset(
    payout: Decimal, claims: Sequence[tuple[str, Decimal]]
) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """Modregn udestående tilbagebetalingskrav i en udbetaling (BEK § 29 og tilbagebetaling).

    Kravene (reference, udestående beløb) modregnes i den givne rækkefølge,
    indtil udbetalingen er brugt op; udbetalingen bliver aldrig negativ.
    Returnerer nettoudbetalingen og det modregnede beløb pr. krav i samme
    rækkefølge (0,00 for krav, der ikke nås).

    :raises ValueError: ved negative beløb eller beløb med brøkdele af øre.
    """
    remaining = _money(payout, "Udbetalingen kan ikke være negativ.")
    applied: list[tuple[str, Decimal]] = []
    for ref, outstanding in claims:
        amount = _money(outstanding, f"Kravet {ref} kan ikke være negativt.")
        take = min(amount, remaining)
        applied.append((ref, take + Decimal("0.00")))
        remaining -= take
    return remaining + Decimal("0.00"), applied
