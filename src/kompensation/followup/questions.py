"""The follow-up questionnaire's questions, as data: what each party is asked, in plain Danish.

The person and the employer get the same questions in their own words, except the impairment: that is the
person's health, so the employer is never asked about it (and never reads the person's answers). A «ja»
(or «delvist», «måske») asks for a description; a changed working time asks for the new hours per week.

`clean_answers` validates answers as the portal's steps post them and as `questionnaire_answer` stores them,
so the step form and the service can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Literal

from kompensation.rules.pa import format_hours

Party = Literal["person", "employer"]
DetailKind = Literal["text", "hours"]

YES_NO: Final = (("yes", "Ja"), ("no", "Nej"))
YES_PARTLY_NO: Final = (("yes", "Ja"), ("partly", "Delvist"), ("no", "Nej"))
YES_MAYBE_NO: Final = (("yes", "Ja"), ("maybe", "Måske"), ("no", "Nej"))

MAX_TEXT: Final = 2000
MAX_HOURS: Final = Decimal("168")


@dataclass(frozen=True)
class Step:
    slug: str
    title: str


STEPS: Final = (
    Step("job", "Job og arbejdstid"),
    Step("funktionsnedsaettelse", "Funktionsnedsættelse"),
    Step("assistance", "Assistancen"),
    Step("andet", "Andet"),
)
CHECK_STEP: Final = Step("tjek", "Tjek dine svar")


@dataclass(frozen=True)
class Question:
    code: str
    step: str
    person: str
    # None: the employer is never asked (the impairment is the person's health).
    employer: str | None
    # Empty: a free text, which may be left empty.
    choices: tuple[tuple[str, str], ...] = ()
    # The answers that ask for a description (or, for the hours, the new hours per week).
    detail_when: frozenset[str] = frozenset()
    detail_person: str = ""
    detail_employer: str = ""
    detail_kind: DetailKind = "text"
    # What is written when the description is missing.
    detail_missing: str = ""
    hint: str = ""

    def asked(self, party: str) -> bool:
        return party == "person" or self.employer is not None

    def label(self, party: str) -> str:
        return self.person if party == "person" else (self.employer or "")

    def detail_label(self, party: str) -> str:
        return self.detail_person if party == "person" else self.detail_employer

    def choice_label(self, answer: str) -> str:
        return dict(self.choices).get(answer, "")

    @property
    def free_text(self) -> bool:
        return not self.choices


QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "job",
        "job",
        "Er der sket ændringer i dit job, siden du fik bevillingen?",
        "Er der sket ændringer i medarbejderens job, siden bevillingen blev givet?",
        YES_NO,
        frozenset({"yes"}),
        "Beskriv ændringen",
        "Beskriv ændringen",
        detail_missing="Beskriv ændringen i jobbet.",
        hint="Fx ny stilling, ny afdeling eller en anden ansættelsesform.",
    ),
    Question(
        "tasks",
        "job",
        "Har dine arbejdsopgaver ændret sig?",
        "Har medarbejderens arbejdsopgaver ændret sig?",
        YES_NO,
        frozenset({"yes"}),
        "Beskriv de nye eller ændrede opgaver",
        "Beskriv de nye eller ændrede opgaver",
        detail_missing="Beskriv de nye eller ændrede opgaver.",
    ),
    Question(
        "hours",
        "job",
        "Har din arbejdstid ændret sig?",
        "Har medarbejderens arbejdstid ændret sig?",
        YES_NO,
        frozenset({"yes"}),
        "Hvor mange timer arbejder du nu om ugen?",
        "Hvor mange timer arbejder medarbejderen nu om ugen?",
        detail_kind="hours",
        detail_missing="Skriv det nye antal timer om ugen.",
    ),
    Question(
        "impairment",
        "funktionsnedsaettelse",
        "Har din funktionsnedsættelse ændret sig?",
        None,
        YES_NO,
        frozenset({"yes"}),
        "Beskriv, hvad der har ændret sig",
        detail_missing="Beskriv, hvad der har ændret sig ved din funktionsnedsættelse.",
        hint="Fx om du har fået det bedre eller dårligere, eller om du har fået ny behandling.",
    ),
    Question(
        "organised",
        "assistance",
        "Fungerer assistancen godt, som den er tilrettelagt?",
        "Fungerer assistancen godt, som den er tilrettelagt?",
        YES_PARTLY_NO,
        frozenset({"partly", "no"}),
        "Hvad fungerer ikke godt, og hvorfor?",
        "Hvad fungerer ikke godt, og hvorfor?",
        detail_missing="Skriv, hvad der ikke fungerer godt, og hvorfor.",
        hint="Fx hvordan timerne er lagt, hvem der er assistent, og hvordan I samarbejder.",
    ),
    Question(
        "aid",
        "assistance",
        "Kan et hjælpemiddel eller teknologi erstatte en del af assistancen?",
        "Kan et hjælpemiddel eller teknologi erstatte en del af assistancen?",
        YES_MAYBE_NO,
        frozenset({"yes", "maybe"}),
        "Hvilket hjælpemiddel eller hvilken teknologi?",
        "Hvilket hjælpemiddel eller hvilken teknologi?",
        detail_missing="Skriv, hvilket hjælpemiddel eller hvilken teknologi det kunne være.",
        hint="Fx oplæsnings- eller dikteringsprogram, et løfteredskab eller en app til planlægning.",
    ),
    Question(
        "other",
        "andet",
        "Er der andet, jobcentret bør vide om dit job eller assistancen?",
        "Er der andet, jobcentret bør vide om jobbet eller assistancen?",
        hint="Du kan springe spørgsmålet over.",
    ),
)
QUESTION: Final = {q.code: q for q in QUESTIONS}


def questions_for(party: str, *, step: str | None = None) -> list[Question]:
    return [q for q in QUESTIONS if q.asked(party) and (step is None or q.step == step)]


def steps_for(party: str) -> list[Step]:
    """The steps with a question for the party; the employer has no impairment step."""
    return [s for s in STEPS if questions_for(party, step=s.slug)]


def choose_message(question: Question) -> str:
    labels = [label for _, label in question.choices]
    return "Vælg " + ", ".join(labels[:-1]) + " eller " + labels[-1] + "."


def parse_hours(value: Any) -> Decimal | None:
    """Hours per week as the form gives them (Decimal) or the session keeps them ("32.5"); None if not a
    number of whole or half hours between a half and 168."""
    try:
        hours = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    if not hours.is_finite() or hours <= 0 or hours > MAX_HOURS or (hours * 2) % 1:
        return None
    return hours


def _clean_one(question: Question, raw: Any) -> tuple[dict[str, str], dict[str, str]]:
    raw = raw if isinstance(raw, Mapping) else {}
    answer = str(raw.get("answer") or "").strip()
    detail = str(raw.get("detail") or "").strip()
    errors: dict[str, str] = {}
    if question.free_text:
        if len(detail) > MAX_TEXT:
            errors[question.code] = f"Teksten må højst være {MAX_TEXT} tegn."
        return {"answer": "", "detail": detail}, errors
    if answer not in dict(question.choices):
        return {"answer": "", "detail": detail}, {question.code: choose_message(question)}
    if answer not in question.detail_when:
        # A description typed before the answer was changed to «nej» is not part of the answer.
        return {"answer": answer, "detail": ""}, errors
    key = f"{question.code}_detail"
    if not detail:
        errors[key] = question.detail_missing
    elif question.detail_kind == "hours":
        hours = parse_hours(detail)
        if hours is None:
            errors[key] = "Skriv antal timer om ugen i hele eller halve timer, fx 32,5 (højst 168)."
        else:
            detail = f"{hours.normalize():f}"
    elif len(detail) > MAX_TEXT:
        errors[key] = f"Teksten må højst være {MAX_TEXT} tegn."
    return {"answer": answer, "detail": detail}, errors


def clean_answers(
    party: str, answers: Mapping[str, Any], *, codes: Iterable[str] | None = None
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The party's answers, normalised (hours as "32.5"), and the errors by field (`<code>` for the
    answer, `<code>_detail` for its description). `codes` limits the check to one step's questions;
    without it every question the party is asked must be answered, and nothing else may be."""
    asked = questions_for(party)
    errors: dict[str, str] = {}
    if codes is None:
        for code in answers:
            if code == "impairment" and party == "employer":
                errors[code] = "Virksomheden bliver ikke spurgt om personens helbred."
            elif code not in {q.code for q in asked}:
                errors[code] = "Spørgsmålet findes ikke i skemaet."
    wanted = set(codes) if codes is not None else {q.code for q in asked}
    cleaned: dict[str, dict[str, str]] = {}
    for question in asked:
        if question.code not in wanted:
            continue
        cleaned[question.code], found = _clean_one(question, answers.get(question.code))
        errors |= found
    return cleaned, errors


@dataclass(frozen=True)
class AnswerRow:
    code: str
    step: str
    question: str
    answer: str
    detail_label: str
    detail: str


def answer_rows(party: str, answers: Mapping[str, Any]) -> list[AnswerRow]:
    """The answers question by question, as the caseworker and the party read them."""
    rows: list[AnswerRow] = []
    for question in questions_for(party):
        given = answers.get(question.code) or {}
        detail = str(given.get("detail") or "")
        if question.detail_kind == "hours" and detail:
            hours = parse_hours(detail)
            detail = f"{format_hours(hours)} timer om ugen" if hours is not None else detail
        rows.append(
            AnswerRow(
                code=question.code,
                step=question.step,
                question=question.label(party),
                answer=question.choice_label(str(given.get("answer") or "")),
                detail_label=question.detail_label(party) if detail and not question.free_text else "",
                detail=detail,
            )
        )
    return rows
