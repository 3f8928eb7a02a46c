"""Forms of the follow-up questionnaire: the caseworker's send form, and one form per step of the portal's
questionnaire, built from the questions (`questions.py`) and checked by the same `clean_answers` as the
service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from kompensation.cases.forms import DkfdsForm, HalfHourField, text

from .models import FollowUp
from .questions import MAX_TEXT, choose_message, clean_answers, questions_for
from .selectors import questionnaire_parties_open


class QuestionnaireSendForm(DkfdsForm):
    parties = forms.MultipleChoiceField(
        label="Send skemaet til",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vælg hvem skemaet skal sendes til."},
        help_text="Hver part får et brev og en besked om at svare på Mine sider inden for 14 dage.",
    )

    def __init__(self, *args: Any, follow_up: FollowUp, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = questionnaire_parties_open(follow_up=follow_up)
        field = self.fields["parties"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices
        if not self.is_bound:
            self.initial.setdefault("parties", [value for value, _ in choices])


class QuestionnaireStepForm(DkfdsForm):
    """One step's questions; `answers` holds them cleaned (as the session keeps them) once valid."""

    party: str = ""
    codes: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers: dict[str, dict[str, str]] = {}

    @classmethod
    def initial_from(cls, draft: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for code in cls.codes:
            given = draft.get(code) or {}
            if given.get("answer"):
                initial[code] = given["answer"]
            detail = given.get("detail") or ""
            key = code if f"{code}_detail" not in cls.base_fields else f"{code}_detail"
            if detail:
                initial[key] = Decimal(detail) if isinstance(cls.base_fields[key], HalfHourField) else detail
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw: dict[str, dict[str, Any]] = {}
        for code in self.codes:
            if f"{code}_detail" in self.fields:
                detail = data.get(f"{code}_detail")
                raw[code] = {"answer": data.get(code) or "", "detail": "" if detail is None else str(detail)}
            else:
                raw[code] = {"answer": "", "detail": data.get(code) or ""}
        cleaned, errors = clean_answers(self.party, raw, codes=self.codes)
        for key, message in errors.items():
            field = key if key in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, message)
        self.answers = cleaned
        return data


def step_form(party: str, step: str) -> type[QuestionnaireStepForm]:
    """The form class of one step for one party (the employer is never asked about the impairment)."""
    you = party == "person"
    if_yes = "Udfyldes, hvis du svarer ja." if you else "Udfyldes, hvis I svarer ja."
    attrs: dict[str, Any] = {}
    codes: list[str] = []
    for question in questions_for(party, step=step):
        codes.append(question.code)
        if question.free_text:
            attrs[question.code] = text(
                question.label(party), required=False, max_length=MAX_TEXT, rows=5, help_text=question.hint
            )
            continue
        attrs[question.code] = forms.ChoiceField(
            label=question.label(party),
            choices=question.choices,
            widget=forms.RadioSelect,
            help_text=question.hint,
            error_messages={"required": choose_message(question)},
        )
        when = "yes" if question.detail_when == {"yes"} else ""
        hint = if_yes if when else _detail_hint(question.detail_when, you)
        if question.detail_kind == "hours":
            field: forms.Field = HalfHourField(
                label=question.detail_label(party),
                required=False,
                min_value=Decimal("0.5"),
                help_text=f"{hint} I hele eller halve timer, fx 32,5.",
            )
            field.error_messages["min_value"] = "Skriv mindst en halv time om ugen."
        else:
            field = text(
                question.detail_label(party), required=False, max_length=MAX_TEXT, rows=3, help_text=hint
            )
        attrs[f"{question.code}_detail"] = field
    attrs["party"] = party
    attrs["codes"] = tuple(codes)
    return type(f"QuestionnaireStep_{party}_{step}", (QuestionnaireStepForm,), attrs)


def _detail_hint(when: frozenset[str], you: bool) -> str:
    if when == {"partly", "no"}:
        return (
            "Udfyldes, hvis du svarer delvist eller nej."
            if you
            else "Udfyldes, hvis I svarer delvist eller nej."
        )
    return "Udfyldes, hvis du svarer ja eller måske." if you else "Udfyldes, hvis I svarer ja eller måske."
