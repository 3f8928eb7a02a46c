"""The schemes the platform runs, as configuration: one row per scheme, read by the shared case code.

A case belongs to one scheme. The scheme says which law it is decided under, which administration runs it
(the jobcenter runs personal assistance; the social administration runs Serviceloven's schemes), the steps
the case page offers, the decisions that may be made, the grant kinds a decision can open, how a decision is
checked and which letter it is written in. Case, event, decision, letter, complaint and timeline code is
shared: a new scheme is a new row here and its rules in `kompensation.rules`, not a copy of the PA code.

Letter composers are named by dotted path and imported when used, so this module stays
importable by the models and apps that the social code itself imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal

from django.db import models
from django.utils.module_loading import import_string

Administration = Literal["jobcenter", "social"]


class SchemeCode(models.TextChoices):
    PA = "pa", "Personlig assistance"
    BPA = "bpa", "Borgerstyret personlig assistance (SEL § 96)"
    CASH = "cash", "Kontant tilskud til hjælpere (SEL § 95)"
    AID = "aid", "Hjælpemiddel (SEL § 112)"
    CONSUMER_GOOD = "consumer_good", "Forbrugsgode (SEL § 113)"


# The steps a case page offers, in order. Each is a page of the case; the scheme picks its own.
Step = Literal["investigation", "dialog_form", "circle", "measurement", "trial", "hearing", "decision"]
STEP_LABELS: Final[dict[str, str]] = {
    "investigation": "Sagsoplysning",
    "dialog_form": "Dialogskema",
    "circle": "Personkreds",
    "measurement": "Udmåling",
    "trial": "Afprøvning",
    "hearing": "Partshøring",
    "decision": "Afgørelse",
}


@dataclass(frozen=True)
class Scheme:
    code: str
    label: str
    short: str  # as a list or a heading names it
    prefix: str  # the case number's prefix: PA-2026-000123
    legal_basis: str
    administration: Administration
    steps: tuple[Step, ...]
    outcomes: tuple[str, ...]  # cases.models.Outcome values a decision of this scheme may have
    grant_kinds: tuple[str, ...]  # cases.grant_kinds.GrantKindCode values
    decision_letter: str  # dotted path: (*, decision, hearing_held) -> (subject, body)
    # Measured in hours by `rules.social.measure` (§§ 95–96); paid by a monthly plan.
    measured: bool = False
    # The decision page: its form asks what the scheme's decision needs (the social app's for §§ 95–113).
    decision_url: str = "cases:decision"
    # Whether a grant is followed up (a running scheme is; a delivered aid is not).
    follows_up: bool = True
    # Dotted path: (*, grant, user) -> None, called when a decision opens a grant (the monthly plan).
    on_grant: str = ""

    def administration_name(self, municipality_name: str) -> str:
        """How letters and pages name the unit that decides: «Jobcenter Aarhus», «Socialforvaltningen i
        Aarhus Kommune»."""
        if self.administration == "jobcenter":
            return f"Jobcenter {municipality_name}"
        return f"Socialforvaltningen i {municipality_name} Kommune"

    def step_links(self) -> list[tuple[str, str]]:
        return [(step, STEP_LABELS[step]) for step in self.steps]

    def letter_composer(self) -> Callable[..., tuple[str, str]]:
        result: Callable[..., tuple[str, str]] = import_string(self.decision_letter)
        return result


_SOCIAL_OUTCOMES = ("grant", "partial_grant", "refusal")

SCHEMES: Final[dict[str, Scheme]] = {
    SchemeCode.PA: Scheme(
        code=SchemeCode.PA,
        label=SchemeCode.PA.label,
        short="Personlig assistance",
        prefix="PA",
        legal_basis="Kompensationsloven § 4 og bekendtgørelse nr. 1174 af 25/11/2019",
        administration="jobcenter",
        steps=("investigation", "dialog_form", "hearing", "decision"),
        outcomes=("grant", "partial_grant", "refusal"),
        grant_kinds=("assistance", "interpreting"),
        decision_letter="kompensation.letters.compose.decision_letter",
    ),
    SchemeCode.BPA: Scheme(
        code=SchemeCode.BPA,
        label=SchemeCode.BPA.label,
        short="BPA",
        prefix="BPA",
        legal_basis="Serviceloven § 96",
        administration="social",
        steps=("circle", "measurement", "hearing", "decision"),
        outcomes=_SOCIAL_OUTCOMES,
        grant_kinds=("bpa",),
        decision_letter="kompensation.social.letters.decision_letter",
        measured=True,
        decision_url="social:decision",
        on_grant="kompensation.social.plans.plan_open",
    ),
    SchemeCode.CASH: Scheme(
        code=SchemeCode.CASH,
        label=SchemeCode.CASH.label,
        short="Kontant tilskud",
        prefix="KT",
        legal_basis="Serviceloven § 95 stk. 2–4",
        administration="social",
        steps=("circle", "measurement", "hearing", "decision"),
        outcomes=_SOCIAL_OUTCOMES,
        grant_kinds=("cash_allowance",),
        decision_letter="kompensation.social.letters.decision_letter",
        measured=True,
        decision_url="social:decision",
        on_grant="kompensation.social.plans.plan_open",
    ),
    SchemeCode.AID: Scheme(
        code=SchemeCode.AID,
        label=SchemeCode.AID.label,
        short="Hjælpemiddel",
        prefix="HJ",
        legal_basis="Serviceloven § 112",
        administration="social",
        steps=("circle", "trial", "hearing", "decision"),
        outcomes=_SOCIAL_OUTCOMES,
        grant_kinds=("aid",),
        decision_letter="kompensation.social.letters.decision_letter",
        decision_url="social:decision",
        follows_up=False,
        on_grant="kompensation.social.aids.aid_payment_open",
    ),
    SchemeCode.CONSUMER_GOOD: Scheme(
        code=SchemeCode.CONSUMER_GOOD,
        label=SchemeCode.CONSUMER_GOOD.label,
        short="Forbrugsgode",
        prefix="FG",
        legal_basis="Serviceloven § 113",
        administration="social",
        steps=("circle", "trial", "hearing", "decision"),
        outcomes=_SOCIAL_OUTCOMES,
        grant_kinds=("aid",),
        decision_letter="kompensation.social.letters.decision_letter",
        decision_url="social:decision",
        follows_up=False,
        on_grant="kompensation.social.aids.aid_payment_open",
    ),
}

SOCIAL_SCHEMES: Final = tuple(code for code, s in SCHEMES.items() if s.administration == "social")


def scheme_of(code: str) -> Scheme:
    return SCHEMES[code or SchemeCode.PA]


def scheme_for(obj: Any) -> Scheme:
    """The scheme of a case, or of anything with a case (a decision, a grant)."""
    case = getattr(obj, "case", obj)
    return scheme_of(case.scheme)
