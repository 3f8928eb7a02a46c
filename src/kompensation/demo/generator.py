"""Demo data: a municipality's personal-assistance (PA) caseload, built through the case services.

EVERYTHING HERE IS FICTITIOUS. People, addresses, companies, CPR and CVR numbers are made up by a seeded
random generator (`random.Random(seed)`), so the same seed gives the same data:

* CPR numbers carry a real birth date (ages shaped by the audit's case mix), the century digit that
  matches it, a serial whose last digit matches the gender, and they pass the old modulus-11 check, so the
  product's validation (`stdnum.dk.cpr`) accepts them. A number that passes modulus 11 may by chance be
  a real person's number; these numbers exist only in the offline register (`OfflineCprRecord`) and are
  never sent to any real register.
* CVR numbers start with 9 (outside the range issued so far) and carry a valid modulus-11 check digit
  (`stdnum.dk.cvr`). Company names are invented, even where they sound like a Herning business.

The caseload follows `shared/domain/case-mix.md` (BDO's audit, table 1): impairment type, gender, age,
employment form, hours, period and the kinds of assistance. Every state change goes through
`kompensation.cases.services`, so case events, deadlines, hearings, decisions, grants and letters are the
real thing. To spread the cases over the last ~14 months the generator runs the services under a
stand-in clock (`django.utils.timezone.now` patched, see `_Clock`): the services then stamp, compute
deadlines and date letters exactly as they would have on that day, with no back-dating afterwards.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from unittest import mock

from django.db import transaction
from django.utils import timezone

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases.models import (
    Application,
    ApplicationStatus,
    Case,
    CaseStatus,
    Decision,
    Document,
    Outcome,
)
from kompensation.complaints.models import Complaint, ComplaintStatus
from kompensation.letters.models import Letter
from kompensation.letters.services import letter_render
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord

from .access import record_demo_access
from .clock import _Clock
from .complaints import JOURNEYS, _Complaints
from .followup import FollowUpDemo, generate_followup
from .interpreting import generate_interpreting
from .payments import generate_payments
from .pdf import _quick_letter_pdf, _quick_package_pdf, demo_pdf
from .social import SocialDemo, generate_social
from .users import DEMO_PASSWORD

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_USERNAMES",
    "JOURNEYS",
    "DemoLogin",
    "DemoResult",
    "demo_pdf",
    "generate",
]

OTHER_MUNICIPALITY_CODE = "751"  # Aarhus: the `aarhus` login shows that tenants never see each other


# --- results ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoLogin:
    role: str  # the role as the product shows it, in Danish
    username: str
    password: str
    description: str  # one line: what to try with this login


@dataclass
class DemoResult:
    created: bool  # False when the demo users already existed and nothing was generated
    municipality: str
    logins: list[DemoLogin]
    cases: int  # cases in the main municipality
    cases_by_status: dict[str, int]
    decisions_by_outcome: dict[str, int]  # sent decisions in the main municipality
    complaints_by_status: dict[str, int]  # complaints in the main municipality
    applications_awaiting_employer: int
    tenancy_cases: int  # cases in the other municipality (Aarhus)
    people: int  # persons in the offline CPR register
    companies: int  # companies in the offline CVR register
    documents: int
    letters_sent: int


# --- public API --------------------------------------------------------------------------------------

DEMO_USERNAMES = (
    "sagsbehandler",
    "sagsbehandler2",
    "ydelse",
    "leder",
    "aarhus",
    "virksomhed",
    "tolk",
    "tolken",
    "tolkebruger",
    "borger",
    "star",
    "dpo",
    "socialraadgiver",
)


def generate(
    *,
    municipality_code: str = "657",
    cases: int = 60,
    seed: int = 2026,
    with_letters: bool = True,
    today: dt.date | None = None,
) -> DemoResult:
    """Create the demo logins, `cases` PA cases in the municipality and the complaint journeys' cases
    (`complaints.JOURNEYS`, one case each, besides `cases`); do nothing if the logins exist.

    `with_letters=False` skips WeasyPrint (a tiny stand-in PDF per letter, and per page of its own in the
    forwarding packages, which still bundle the letters' and documents' PDFs), for benchmarks and tests.
    """
    main = Municipality.objects.filter(code=municipality_code).first()
    if main is None:
        raise ValueError(f"Kommunekode {municipality_code} findes ikke. Kør migrate først.")
    if User.objects.filter(username__in=DEMO_USERNAMES).exists():
        return _result(main, created=False)
    other_code = OTHER_MUNICIPALITY_CODE if municipality_code != OTHER_MUNICIPALITY_CODE else "657"
    other = Municipality.objects.get(code=other_code)
    clock = _Clock()
    generator = _Complaints(
        rng=random.Random(seed),
        clock=clock,
        main=main,
        other=other,
        today=today or timezone.localdate(),
    )
    with contextlib.ExitStack() as stack:
        # Patched process-wide for the duration of the run: fine for a management command or a test,
        # never call `generate` from a running web server.
        stack.enter_context(mock.patch("django.utils.timezone.now", new=clock.now))
        if not with_letters:
            stack.enter_context(
                mock.patch("kompensation.letters.services.render_letter_pdf", new=_quick_letter_pdf)
            )
            stack.enter_context(
                mock.patch("kompensation.complaints.package._html_pdf", new=_quick_package_pdf)
            )
        stack.enter_context(transaction.atomic())
        generator.run(cases)
        generate_payments(
            rng=generator.rng,
            at=generator.at,
            municipality=main,
            officer=generator.users["ydelse"],
            employer_users=generator.employer_users,
            today=generator.today,
        )
        # After the payments, so a seed gives the same caseload and payments as before the complaints.
        generator.run_complaints()
        # Last, so a seed gives the same caseload, payments and complaints as before interpreting came.
        generate_interpreting(
            rng=generator.rng,
            at=generator.at,
            agency=generator.agency,
            officer=generator.users["ydelse"],
            today=generator.today,
        )
        # After interpreting, so a seed gives the same data as before follow-up came.
        generate_followup(
            FollowUpDemo(
                rng=generator.rng,
                at=generator.at,
                today=generator.today,
                municipality=main,
                users=generator.users,
                employer_users=generator.employer_users,
            )
        )
        # Last of all, so a seed gives the same personal-assistance data as before the social schemes came.
        generate_social(
            SocialDemo(
                rng=generator.rng,
                at=generator.at,
                today=generator.today,
                municipality=main,
                users=generator.users,
                new_person=generator.new_person,
                new_company=generator.new_company,
            )
        )
        record_demo_access(clock=clock, municipality=main)
        _render_letters(clock)
    return _result(main, created=True)


def _render_letters(clock: _Clock) -> None:
    """Letters render after commit, which never comes inside a caller's transaction (the tests); render
    them now, each at the moment it was sent, as the task would have a moment later. Once rendered, the
    tasks queued for them at commit do nothing."""
    for letter in Letter.objects.filter(sent_at__isnull=False, pdf="").order_by("sent_at"):
        clock.moment = letter.sent_at
        letter_render(letter_id=letter.pk)


def _result(main: Municipality, *, created: bool) -> DemoResult:
    cases = Case.objects.filter(municipality=main)
    by_status = Counter(cases.values_list("status", flat=True))
    by_outcome = Counter(
        Decision.objects.filter(case__municipality=main, sent_at__isnull=False).values_list(
            "outcome", flat=True
        )
    )
    by_complaint = Counter(Complaint.objects.filter(case__municipality=main).values_list("status", flat=True))
    return DemoResult(
        created=created,
        municipality=str(main),
        logins=list(_logins(main)),
        cases=cases.count(),
        cases_by_status={status: by_status.get(status, 0) for status in CaseStatus.values},
        decisions_by_outcome={outcome: by_outcome.get(outcome, 0) for outcome in Outcome.values},
        complaints_by_status={status: by_complaint.get(status, 0) for status in ComplaintStatus.values},
        applications_awaiting_employer=Application.objects.filter(
            status=ApplicationStatus.AWAITING_EMPLOYER
        ).count(),
        tenancy_cases=Case.objects.exclude(municipality=main).count(),
        people=OfflineCprRecord.objects.count(),
        companies=OfflineCvrRecord.objects.count(),
        documents=Document.objects.count(),
        letters_sent=Letter.objects.filter(sent_at__isnull=False).count(),
    )


def _example_person_cpr(main: Municipality) -> str:
    """A person with a case in the demo municipality (fictitious), for the officer to look up."""
    case = Case.objects.filter(municipality=main).select_related("person").order_by("pk").first()
    return f"CPR {case.person.cpr[:6]}-{case.person.cpr[6:]}" if case else "en persons CPR-nummer"


def _logins(main: Municipality) -> Iterator[DemoLogin]:
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    employer = users.get("virksomhed")
    company = OfflineCvrRecord.objects.filter(cvr=employer.cvr).first() if employer else None
    company_text = f"{company.name} (CVR {company.cvr})" if company else "demovirksomheden"
    waiting = (
        Application.objects.filter(status=ApplicationStatus.AWAITING_EMPLOYER, employer__cvr=employer.cvr)
        .select_related("person")
        .first()
        if employer
        else None
    )
    agency = users.get("tolk")
    agency_record = OfflineCvrRecord.objects.filter(cvr=agency.cvr).first() if agency else None
    descriptions = {
        "sagsbehandler": (
            "Indbakken med frister: oplys sager, send partshøring, træf afgørelse, se breve. Fanen «Klager»: "
            "genvurdér klager (også en for sen og en med overskredet frist), send til Ankestyrelsen, "
            "registrér Ankestyrelsens afgørelse og træf ny afgørelse i en hjemvist sag. «Opfølgning»: "
            "overskredne og forfaldne opfølgninger, opfølgningsskemaer og de syv tjek; «Ændringer»: behandl "
            "ændringsanmeldelser eller stands en bevilling; «Tilsyn»: tilsynsbesøg."
        ),
        "sagsbehandler2": "Kollega i samme kommune: har en ny papiransøgning i sin indbakke.",
        "ydelse": "Ydelsesmedarbejder: udbetalingskøen, kontroller, rettelser, udbetalingsfiler og satser.",
        "leder": (
            "Leder: overblik over alle kommunens sager, frister og afgørelser, klager med overskredne "
            "frister, overskredne opfølgninger og åbne ændringsanmeldelser, og «Sagsbehandlingstid» pr. "
            "sagsskridt (også hos Ankestyrelsen og efter hjemvisning) og pr. år."
        ),
        "aarhus": "Sagsbehandler i Aarhus: ser kun Aarhus' egne sager, aldrig Hernings.",
        "virksomhed": (
            f"{company_text}: underskriv ansøgningen fra "
            f"{waiting.person.name if waiting else 'en medarbejder'}; se afgørelsesbreve og virksomhedens "
            "klage over tilskuddet; besvar et opfølgningsskema, meld en ændring, se bevillinger, der snart "
            "udløber."
        ),
        "tolk": (
            f"Tolkebureau ({agency_record.name if agency_record else 'demo'}): send en tolkefaktura "
            "(i portalen "
            "eller som OIOUBL-fil), se beregnet mod faktureret beløb og hvorfor en linje blev afvist; "
            "underskriv erklæringer og tolkeforløb."
        ),
        "tolken": "Tolk (Ditte Bach): underskriv erklæringen på tro og love og dine tolkeforløb.",
        "tolkebruger": (
            "Borger med tolkebevilling: bekræft eller afvis sidste måneds tolkninger linje for linje – også "
            "på mobilen."
        ),
        "borger": f"Borger uden sag: søg personlig assistance digitalt med {company_text} som arbejdsgiver.",
        "star": "STAR, national læseadgang (kommer senere); i dag vises siden «Ingen adgang».",
        "socialraadgiver": (
            "Socialrådgiver i Socialforvaltningen: BPA, kontant tilskud og hjælpemidler – personkreds, "
            "udmåling aktivitet for aktivitet, afprøvning, afgørelse og månedlig udbetaling. Prøv at bevilge "
            "21 timer i § 95-sagen udmålt til 56 timer uden forklaring."
        ),
        "dpo": (
            "Databeskyttelsesrådgiver: «Hvem har set denne person?» – slå fx "
            f"{_example_person_cpr(main)} op og se adgangsloggen."
        ),
    }
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        yield DemoLogin(
            role=Role(user.role).label,
            username=username,
            password=DEMO_PASSWORD,
            description=descriptions[username],
        )
