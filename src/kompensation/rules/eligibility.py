"""Betingelser for personlig assistance som data.

Betingelserne er beskrevet som værdier frem for forgreninger i koden, så
sagsbehandling, afgørelsesbreve og et senere tilsynsmodul kan vise, tjekke og
rapportere på den samme liste.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final, Literal

from .pa import required_tier

Outcome = Literal["grant", "partial_grant", "refusal"]

OUTCOMES: Final[frozenset[str]] = frozenset({"grant", "partial_grant", "refusal"})
_ALL: Final = OUTCOMES
_GRANTS: Final = frozenset({"grant", "partial_grant"})


@dataclass(frozen=True, slots=True)
class Condition:
    """En betingelse med dansk tekst og lovhjemmel; ``applies_to`` er de udfald, den gælder for."""

    code: str
    label: str
    legal_basis: str
    applies_to: frozenset[str]

    def __post_init__(self) -> None:
        # Catch typos in the data at import time rather than as a silently skipped check.
        if not self.applies_to or not self.applies_to <= OUTCOMES:
            raise ValueError(f"Ugyldige udfald for betingelsen {self.code!r}: {sorted(self.applies_to)}")


ELIGIBILITY_CHECKLIST: Final[tuple[Condition, ...]] = (
    Condition(
        code="permanent_considerable_impairment",
        label="Borgeren har en varig og betydelig fysisk eller psykisk funktionsnedsættelse.",
        legal_basis="§ 4, BEK § 10",
        applies_to=_ALL,
    ),
    Condition(
        code="needs_personal_assistance",
        label="Borgeren har behov for særlig personlig bistand til at udføre arbejdsopgaverne.",
        legal_basis="§ 6",
        applies_to=_ALL,
    ),
    Condition(
        code="job_compatible",
        label=(
            "Erhvervet er foreneligt med funktionsnedsættelsen: borgeren varetager selv "
            "kerneopgaverne i jobbet, og assistenten overtager ikke hele arbejdsopgaver."
        ),
        legal_basis="§ 6, stk. 3, BEK § 14",
        applies_to=_ALL,
    ),
    Condition(
        code="employment_form_covered",
        label=(
            "Beskæftigelsen er omfattet: ordinær ansættelse, løntilskud, fleksjob, "
            "virksomhedspraktik eller seniorjob (§ 5, stk. 1), selvstændig virksomhed (§ 4) "
            "eller efter- og videreuddannelse (§ 5, stk. 2)."
        ),
        legal_basis="§ 4, § 5, stk. 1 og 2",
        applies_to=_ALL,
    ),
    Condition(
        code="aids_considered",
        label=(
            "Hjælpemidler er overvejet først. Et hjælpemiddel udelukker ikke i sig selv "
            "personlig assistance; behovet vurderes konkret (principafgørelse 151-12)."
        ),
        legal_basis="§ 6, principafgørelse 151-12",
        applies_to=_ALL,
    ),
)

DECISION_CONDITIONS: Final[tuple[Condition, ...]] = (
    Condition(
        code="impairment_documented",
        label=(
            "Funktionsnedsættelsen er dokumenteret, eller det er noteret, hvorfor "
            "dokumentation ikke er nødvendig."
        ),
        legal_basis="§ 4, BEK § 10",
        applies_to=_ALL,
    ),
    Condition(
        code="compatibility_assessed",
        label=(
            "Der er foretaget en udtrykkelig vurdering af, om erhvervet er foreneligt "
            "med funktionsnedsættelsen."
        ),
        legal_basis="§ 6, stk. 3, BEK § 14",
        applies_to=_ALL,
    ),
    Condition(
        code="concrete_assessment_above_standard",
        label="Der er foretaget en konkret vurdering, fordi timetallet overstiger standardgrænsen.",
        legal_basis="BEK § 15",
        applies_to=_GRANTS,
    ),
    Condition(
        code="hearing_before_refusal",
        label=(
            "Borgeren er partshørt før afslag eller delvis bevilling, der bygger på oplysninger, "
            "som borgeren ikke har udtalt sig om."
        ),
        legal_basis="FVL § 19",
        applies_to=frozenset({"partial_grant", "refusal"}),
    ),
    Condition(
        code="period_reason",
        label="Begrundelsen for den valgte bevillingsperiode er angivet.",
        legal_basis="BEK § 15, stk. 4",
        applies_to=_GRANTS,
    ),
    Condition(
        code="reasons_and_rules",
        label=(
            "Afgørelsen er begrundet med henvisning til de anvendte regler og de afgørende faktiske forhold."
        ),
        legal_basis="FVL § 24",
        applies_to=_ALL,
    ),
    Condition(
        code="complaint_guidance",
        label="Afgørelsen indeholder klagevejledning med klagefrist.",
        legal_basis="FVL § 25",
        applies_to=_ALL,
    ),
    Condition(
        code="refusal_grounds",
        label="Afslaget henviser til den eller de konkrete betingelser, der ikke er opfyldt.",
        legal_basis="FVL § 22, § 24",
        applies_to=frozenset({"refusal"}),
    ),
    Condition(
        code="other_help",
        label="Afslaget siger, hvilken anden hjælp jobcentret har overvejet (fx hjælpemidler, fleksjob).",
        legal_basis="§ 6, principafgørelse 151-12",
        applies_to=frozenset({"refusal"}),
    ),
    Condition(
        code="partial_reason",
        label="Den delvise bevilling siger, hvorfor der bevilges mindre, end der er søgt om.",
        legal_basis="FVL § 22, § 24",
        applies_to=frozenset({"partial_grant"}),
    ),
)

DECISION_CONDITION_BY_CODE: Final[Mapping[str, Condition]] = MappingProxyType(
    {condition.code: condition for condition in DECISION_CONDITIONS}
)


@dataclass(frozen=True, slots=True)
class DecisionFacts:
    """Sagens fakta, som betingelserne i :data:`DECISION_CONDITIONS` tjekkes imod.

    ``hours`` og ``working_hours`` er timer om ugen; de kan være ``None`` ved afslag.
    """

    outcome: Outcome
    impairment_documented: bool
    compatibility_assessed: bool
    hours: Decimal | None
    working_hours: Decimal | None
    has_concrete_assessment: bool
    hearing_needed: bool
    hearing_done: bool
    period_reason_given: bool
    refusal_grounds_given: bool = True
    other_help_given: bool = True
    partial_reason_given: bool = True

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(
                f"Ukendt udfald: {self.outcome!r}. Gyldige udfald er: {', '.join(sorted(OUTCOMES))}."
            )


def _within_standard_or_assessed(facts: DecisionFacts) -> bool:
    if facts.has_concrete_assessment:
        return True
    # Without hours and working hours nobody can show the grant stays within the standard limit,
    # so a supervision check must not pass it.
    if facts.hours is None or facts.working_hours is None:
        return False
    try:
        return required_tier(facts.hours, facts.working_hours) == "standard"
    except ValueError:
        return False


# reasons_and_rules (FVL § 24) and complaint_guidance (FVL § 25) are absent on purpose: the decision
# letter template always writes the reasons, the rules applied and the complaint guidance, so they are
# met by construction and have no fact to check. The supervision module can still list them.
_CHECKS: Final[Mapping[str, Callable[[DecisionFacts], bool]]] = MappingProxyType(
    {
        "impairment_documented": lambda f: f.impairment_documented,
        "compatibility_assessed": lambda f: f.compatibility_assessed,
        "concrete_assessment_above_standard": _within_standard_or_assessed,
        "hearing_before_refusal": lambda f: not f.hearing_needed or f.hearing_done,
        "period_reason": lambda f: f.period_reason_given,
        "refusal_grounds": lambda f: f.refusal_grounds_given,
        "other_help": lambda f: f.other_help_given,
        "partial_reason": lambda f: f.partial_reason_given,
    }
)


def unmet_conditions(facts: DecisionFacts) -> list[Condition]:
    """Betingelser i :data:`DECISION_CONDITIONS`, som ikke er opfyldt for afgørelsen.

    Tjekker dokumenteret funktionsnedsættelse (§ 4, BEK § 10),
    forenelighedsvurdering (§ 6, stk. 3, BEK § 14), konkret vurdering over
    standardgrænsen (BEK § 15), partshøring (FVL § 19) og begrundet periode
    (BEK § 15, stk. 4). Ved afslag gælder betingelserne om timer og periode
    ikke. Begrundelse (FVL § 24) og klagevejledning (FVL § 25) skrives altid af
    det genererede afgørelsesbrev og regnes derfor som opfyldt.

    Rækkefølgen følger :data:`DECISION_CONDITIONS`.
    """
    unmet: list[Condition] = []
    for condition in DECISION_CONDITIONS:
        if facts.outcome not in condition.applies_to:
            continue
        check = _CHECKS.get(condition.code)
        if check is not None and not check(facts):
            unmet.append(condition)
    return unmet


@dataclass(frozen=True, slots=True)
class RefusalGround:
    """En betingelse, der ikke er opfyldt, som afslaget bygger på (FVL § 22 og § 24).

    ``label`` vises for sagsbehandleren, ``letter_text`` og ``legal_basis`` står i brevet,
    så afslaget nævner den konkrete regel i stedet for »§§ 4–6«.
    """

    code: str
    label: str
    letter_text: str
    legal_basis: str


REFUSAL_GROUNDS: Final[tuple[RefusalGround, ...]] = (
    RefusalGround(
        code="impairment_not_permanent",
        label="Funktionsnedsættelsen er ikke varig og betydelig (§ 4, BEK § 10)",
        letter_text="Din funktionsnedsættelse er ikke varig og betydelig",
        legal_basis="kompensationslovens § 4 og bekendtgørelsens § 10",
    ),
    RefusalGround(
        code="no_need_for_assistance",
        label="Der er ikke behov for særlig personlig bistand til arbejdsopgaverne (§ 6)",
        letter_text="Du har ikke behov for særlig personlig bistand for at kunne udføre dine arbejdsopgaver",
        legal_basis="kompensationslovens § 6",
    ),
    RefusalGround(
        code="job_not_compatible",
        label="Jobbet er ikke foreneligt med funktionsnedsættelsen (§ 6 stk. 3, BEK § 14)",
        letter_text=(
            "Jobbet er ikke foreneligt med din funktionsnedsættelse, fordi assistenten ville komme til at "
            "udføre kerneopgaverne i jobbet"
        ),
        legal_basis="kompensationslovens § 6 stk. 3 og bekendtgørelsens § 14",
    ),
    RefusalGround(
        code="employment_not_covered",
        label="Beskæftigelsen er ikke omfattet af ordningen (§§ 4 og 5)",
        letter_text="Din beskæftigelse er ikke omfattet af ordningen",
        legal_basis="kompensationslovens §§ 4 og 5",
    ),
    RefusalGround(
        code="hours_not_within_limit",
        label="Behovet kan ikke dækkes inden for grænsen for timer med assistance (BEK § 15)",
        letter_text="Behovet kan ikke dækkes inden for grænsen for timer med assistance",
        legal_basis="bekendtgørelsens § 15",
    ),
)

REFUSAL_GROUND_BY_CODE: Final[Mapping[str, RefusalGround]] = MappingProxyType(
    {ground.code: ground for ground in REFUSAL_GROUNDS}
)

# Ready-made for Django ``choices`` without the rules package importing Django.
REFUSAL_GROUND_CHOICES: Final[tuple[tuple[str, str], ...]] = tuple((g.code, g.label) for g in REFUSAL_GROUNDS)

MSG_NO_REFUSAL_GROUND: Final = "Vælg den eller de betingelser, afslaget bygger på."


def refusal_ground_errors(codes: Iterable[str]) -> list[str]:
    """Danske fejl for de valgte afslagsgrunde (tom liste = i orden).

    Et afslag skal henvise til de regler, det bygger på (FVL § 22 og § 24); der skal
    vælges mindst én kendt grund.
    """
    chosen = list(codes)
    if not chosen:
        return [MSG_NO_REFUSAL_GROUND]
    unknown = sorted({code for code in chosen if code not in REFUSAL_GROUND_BY_CODE})
    if unknown:
        return [f"Ukendt afslagsgrund: {', '.join(unknown)}. Vælg fra listen."]
    return []


def refusal_grounds(codes: Iterable[str]) -> list[RefusalGround]:
    """De valgte afslagsgrunde i fast rækkefølge og uden gentagelser (FVL § 22 og § 24).

    :raises ValueError: ved ingen eller ukendte grunde (dansk meddelelse).
    """
    chosen = set(codes)
    errors = refusal_ground_errors(chosen)
    if errors:
        raise ValueError(errors[0])
    return [ground for ground in REFUSAL_GROUNDS if ground.code in chosen]
