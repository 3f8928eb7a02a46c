"""Regler for personlig assistance (PA) i erhverv.

Timegrænser, afrunding til halve timer, tilbagevirkende bevilling og første
opfølgning. Alle timer er ``Decimal``; ``Fraction`` bruges internt, så
grænseberegningen (20/37 af arbejdstiden) er eksakt og ikke afhænger af
``Decimal``-kontekstens præcision.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType
from typing import Final, Literal

Tier = Literal["standard", "extended", "beyond"]

DecisionKind = Literal["grant", "partial_grant", "refusal"]

# A period as (start, end); ``end`` None means until further notice (indtil videre).
Period = tuple[date | None, date | None]

TIERS: Final[tuple[Tier, ...]] = ("standard", "extended", "beyond")

# Read-only so no caller can change the labels shown in every other letter.
TIER_LABELS: Final[Mapping[Tier, str]] = MappingProxyType(
    {
        "standard": "Standard (op til 20 timer ved 37 timers arbejdstid)",
        "extended": "Udvidet (flere eller meget betydelige funktionsnedsættelser, op til fuld tid)",
        "beyond": "Ud over 37 timer (konkret vurdering)",
    }
)

# Ready-made for Django ``choices`` without the rules package importing Django.
TIER_CHOICES: Final[tuple[tuple[Tier, str], ...]] = tuple((tier, TIER_LABELS[tier]) for tier in TIERS)

HoursInput = int | float | Decimal | str

STANDARD_HOURS: Final = Decimal(20)
FULL_TIME_HOURS: Final = Decimal(37)
# A week has 168 hours; anything above is a typing error, not a working time.
MAX_WORKING_HOURS: Final = Decimal(168)

RETROACTIVE_MONTHS: Final = 3
FIRST_FOLLOW_UP: Final = 1  # år

MSG_WORKING_HOURS_NOT_NUMBER: Final = "Arbejdstiden skal være et tal."
MSG_WORKING_HOURS_NOT_POSITIVE: Final = "Arbejdstiden skal være større end 0 timer om ugen."
MSG_WORKING_HOURS_TOO_HIGH: Final = "Arbejdstiden kan ikke overstige 168 timer om ugen."
MSG_HOURS_NOT_NUMBER: Final = "Timer skal være et tal."
MSG_HOURS_NOT_POSITIVE: Final = "Timer skal være større end 0."
MSG_HOURS_NEGATIVE: Final = "Timer kan ikke være negative."
MSG_HOURS_NOT_HALF_STEP: Final = "Timer skal angives i hele eller halve timer."
MSG_MINUTES_INVALID: Final = "Minutter skal være hele tal eller decimaltal."
MSG_MINUTES_NEGATIVE: Final = "Minutter kan ikke være negative."
MSG_CONCRETE_ASSESSMENT_REQUIRED: Final = (
    "En bevilling over standardgrænsen kræver en konkret vurdering af behovet, "
    "som er noteret på sagen (BEK § 15)."
)


def _parse_decimal(value: object, not_a_number: str) -> Decimal:
    # bool is a subclass of int; a True/False reaching here is a bug upstream, not 1 or 0 hours.
    if isinstance(value, bool):
        raise ValueError(not_a_number)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        # Through repr so 37.5 and 0.1 keep their shortest decimal form instead of the binary expansion.
        result = Decimal(repr(value))
    elif isinstance(value, str):
        # Case workers type Danish decimal commas ("18,5").
        try:
            result = Decimal(value.strip().replace(",", "."))
        except InvalidOperation:
            raise ValueError(not_a_number) from None
    else:
        raise ValueError(not_a_number)
    if not result.is_finite():
        raise ValueError(not_a_number)
    return result


def _parse_working_hours(value: object) -> Decimal:
    hours = _parse_decimal(value, MSG_WORKING_HOURS_NOT_NUMBER)
    if hours <= 0:
        raise ValueError(MSG_WORKING_HOURS_NOT_POSITIVE)
    if hours > MAX_WORKING_HOURS:
        raise ValueError(MSG_WORKING_HOURS_TOO_HIGH)
    return hours


def _check_tier(tier: object) -> Tier:
    for known in TIERS:
        if tier == known:
            return known
    raise ValueError(f"Ukendt niveau: {tier!r}. Gyldige niveauer er: {', '.join(TIERS)}.")


def _half_hours(count: int) -> Decimal:
    # Built from a string so the result is exact and always shown with one decimal ("16.0", "10.5").
    return Decimal(f"{count * 5}e-1")


def _require_finite(x: Decimal) -> Fraction:
    if not isinstance(x, Decimal) or not x.is_finite():
        raise ValueError(MSG_HOURS_NOT_NUMBER)
    return Fraction(x)


def format_hours(value: Decimal) -> str:
    """Vis timer på dansk med decimalkomma og uden overflødige nuller (``10,5``, ``20``).

    Bruges i meddelelser efter FVL § 22 og § 24, så borgeren ser tal, som de
    skrives på dansk.
    """
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def round_down_half_hour(x: Decimal) -> Decimal:
    """Afrund ned til nærmeste hele eller halve time.

    Grænsen efter BEK § 15 afrundes nedad, så den beregnede grænse aldrig
    overskrides ved afrunding.
    """
    return _half_hours(math.floor(_require_finite(x) * 2))


def round_up_half_hour(x: Decimal) -> Decimal:
    """Afrund op til nærmeste hele eller halve time.

    Bruges til forslag til timetal ud fra opgaver (BEK § 15), hvor et behov på
    fx 2 timer og 10 minutter skal dækkes fuldt ud.
    """
    return _half_hours(math.ceil(_require_finite(x) * 2))


def is_half_hour_step(x: Decimal) -> bool:
    """Om ``x`` er et helt antal halve timer.

    Timer bevilges efter BEK § 15 i hele eller halve timer om ugen.
    """
    if not isinstance(x, Decimal) or not x.is_finite():
        return False
    return (Fraction(x) * 2).denominator == 1


def _raw_limit(working_hours: Decimal, tier: Tier) -> Fraction:
    wh = Fraction(working_hours)
    if tier == "standard":
        return min(Fraction(STANDARD_HOURS), Fraction(STANDARD_HOURS) * wh / Fraction(FULL_TIME_HOURS))
    if tier == "extended":
        return min(wh, Fraction(FULL_TIME_HOURS))
    return wh


def weekly_hours_limit(working_hours: HoursInput, tier: Tier = "standard") -> Decimal:
    """Det største antal timer om ugen, der kan bevilges (BEK § 15, jf. § 6).

    * ``standard``: 20 timer ved 37 timers arbejdstid, forholdsmæssigt ved
      kortere tid (20 × arbejdstid / 37), dog højst 20 timer.
    * ``extended``: ved flere eller meget betydelige funktionsnedsættelser op
      til fuld tid, dvs. arbejdstiden, dog højst 37 timer.
    * ``beyond``: ud over 37 timer efter en konkret vurdering, højst arbejdstiden.

    Resultatet afrundes ned til hele eller halve timer. ``working_hours`` kan
    være ``int``, ``Decimal``, ``float`` eller en tekst som ``"18,5"``.

    :raises ValueError: ved ugyldig arbejdstid eller ukendt niveau (dansk meddelelse).
    """
    checked_tier = _check_tier(tier)
    wh = _parse_working_hours(working_hours)
    return _half_hours(math.floor(_raw_limit(wh, checked_tier) * 2))


def proposed_weekly_hours(minutes_per_week: Iterable[int | Decimal]) -> Decimal:
    """Forslag til timer om ugen ud fra minutter pr. uge for hver opgave (BEK § 15).

    Opgaverne, assistenten skal støtte, summeres og omregnes til timer, rundet
    op til hele eller halve timer: det er et forslag i dialogen med borgeren,
    og et behov må ikke blive underdækket af afrundingen. Den endelige
    bevilling holdes op mod grænsen i :func:`weekly_hours_limit`.

    :raises ValueError: ved negative eller ikke-numeriske minutter.
    """
    total = Fraction(0)
    for minutes in minutes_per_week:
        if isinstance(minutes, bool) or not isinstance(minutes, int | Decimal):
            raise ValueError(MSG_MINUTES_INVALID)
        if isinstance(minutes, Decimal) and not minutes.is_finite():
            raise ValueError(MSG_MINUTES_INVALID)
        if minutes < 0:
            raise ValueError(MSG_MINUTES_NEGATIVE)
        total += Fraction(minutes)
    return _half_hours(math.ceil(total / 60 * 2))


def required_tier(hours: HoursInput, working_hours: HoursInput) -> Tier | None:
    """Det laveste niveau, hvis grænse rummer ``hours`` (BEK § 15, jf. § 6).

    ``None`` betyder, at timetallet ligger over arbejdstiden og derfor ikke kan
    bevilges på noget niveau. Alt over ``standard`` kræver en noteret konkret
    vurdering.

    :raises ValueError: ved ugyldige eller negative timer eller ugyldig arbejdstid.
    """
    requested = _parse_decimal(hours, MSG_HOURS_NOT_NUMBER)
    if requested < 0:
        raise ValueError(MSG_HOURS_NEGATIVE)
    wh = _parse_working_hours(working_hours)
    for tier in TIERS:
        if requested <= weekly_hours_limit(wh, tier):
            return tier
    return None


def validate_granted_hours(
    hours: HoursInput,
    working_hours: HoursInput,
    tier: Tier,
    *,
    has_concrete_assessment: bool,
) -> list[str]:
    """Kontrollér et bevilget timetal; returnerer danske fejlmeddelelser (tom liste = i orden).

    Kontrollerne følger BEK § 15, jf. § 6: timer skal være over 0 og i hele
    eller halve timer, må ikke overstige niveauets grænse og aldrig
    arbejdstiden, og ethvert niveau over ``standard`` kræver en konkret
    vurdering noteret på sagen. Alle fejl returneres samlet, så formularen kan
    vise dem på én gang.
    """
    errors: list[str] = []

    granted: Decimal | None
    try:
        granted = _parse_decimal(hours, MSG_HOURS_NOT_NUMBER)
    except ValueError as exc:
        errors.append(str(exc))
        granted = None
    if granted is not None:
        if granted <= 0:
            errors.append(MSG_HOURS_NOT_POSITIVE)
        if not is_half_hour_step(granted):
            errors.append(MSG_HOURS_NOT_HALF_STEP)

    wh: Decimal | None
    try:
        wh = _parse_working_hours(working_hours)
    except ValueError as exc:
        errors.append(str(exc))
        wh = None

    checked_tier: Tier | None
    try:
        checked_tier = _check_tier(tier)
    except ValueError as exc:
        errors.append(str(exc))
        checked_tier = None

    if granted is not None and wh is not None and granted > wh:
        errors.append(
            f"{format_hours(granted)} timer om ugen overstiger arbejdstiden på "
            f"{format_hours(wh)} timer om ugen. Der kan aldrig bevilges flere timer end arbejdstiden."
        )
    elif granted is not None and wh is not None and checked_tier is not None:
        limit = weekly_hours_limit(wh, checked_tier)
        if granted > limit:
            errors.append(
                f"{format_hours(granted)} timer om ugen overstiger grænsen på {format_hours(limit)} "
                f"timer om ugen for niveauet »{TIER_LABELS[checked_tier]}«."
            )

    if checked_tier is not None and checked_tier != "standard" and not has_concrete_assessment:
        errors.append(MSG_CONCRETE_ASSESSMENT_REQUIRED)

    return errors


def add_months(d: date, months: int) -> date:
    """Læg kalendermåneder til ``d`` (negativt tal trækker fra).

    Dagen bevares, men begrænses til månedens sidste dag (31. maj − 3 måneder
    = 28./29. februar). Bruges til fristerne i BEK § 25, stk. 5, og § 15, stk. 4,
    som regnes i kalendermåneder og -år.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month_zero_based = divmod(index, 12)
    month = month_zero_based + 1
    if not date.min.year <= year <= date.max.year:
        raise ValueError("Datoen ligger uden for den understøttede kalender.")
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(d.day, last_day))


def earliest_start(application_received: date) -> date:
    """Tidligste startdato for en bevilling (BEK § 25, stk. 5).

    Der kan bevilges med tilbagevirkende kraft, dog højst 3 måneder før den
    dato, ansøgningen er modtaget. Regnes i kalendermåneder.
    """
    return add_months(application_received, -RETROACTIVE_MONTHS)


def first_follow_up_due(grant_date: date) -> date:
    """Dato for første opfølgning: samme dato året efter bevillingen (BEK § 15, stk. 4).

    En bevilling fra 29. februar følges op 28. februar året efter.
    """
    return add_months(grant_date, 12 * FIRST_FOLLOW_UP)


def decision_kind(
    hours_sought: Decimal | None,
    hours_granted: Decimal | None,
    period_sought: Period,
    period_granted: Period,
) -> DecisionKind:
    """Hvilken slags afgørelse det bevilgede er, holdt op mod det søgte (FVL §§ 19 og 22, BEK § 15).

    * ``refusal``: der bevilges ingen timer.
    * ``partial_grant``: der bevilges færre timer om ugen end søgt, eller en kortere
      periode: en senere start, en tidligere slut, eller en tidsbestemt bevilling,
      hvor der er søgt indtil videre. En delvis bevilling er et delvist afslag: den
      kræver partshøring og skal sige, hvad der er søgt, hvad der bevilges, og hvorfor.
    * ``grant``: alt det søgte bevilges (flere timer eller en tidligere start end søgt
      er ikke et afslag på noget).

    Perioder er ``(start, slut)``, hvor slut ``None`` betyder indtil videre. Et
    ukendt søgt timetal eller en ukendt søgt startdato sammenlignes ikke.
    """
    if hours_granted is None or hours_granted <= 0:
        return "refusal"
    if hours_sought is not None and hours_granted < hours_sought:
        return "partial_grant"
    sought_start, sought_end = period_sought
    granted_start, granted_end = period_granted
    if sought_start is not None and granted_start is not None and granted_start > sought_start:
        return "partial_grant"
    if granted_end is not None and (sought_end is None or granted_end < sought_end):
        return "partial_grant"
    return "grant"
