"""Demo data for Serviceloven's schemes: BPA (§ 96), cash allowance (§ 95), aids and consumer goods.

Runs last in `generate`, so a seed gives the same personal-assistance data as before. Every case is made
through the services under the stand-in clock, as a caseworker of the social administration would, and holds
Ankestyrelsen's examples (`seeds/004_…`): the person who needs help round the clock and cannot call for it
(168 actual hours a week), the washing-drying toilet that takes toilet help out of the BPA hours, and the
§ 95 case measured at 56 hours that waits for a decision — which refuses 21 hours without an explanation.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases import services as case_services
from kompensation.cases.models import Case, Channel
from kompensation.payments.models import PaymentSettings, RateKind
from kompensation.payments.services.rates import rate_row_add
from kompensation.rules.social import CIRCLE
from kompensation.social import aids, services
from kompensation.social.decisions import social_decision_draft
from kompensation.social.plans import plan_payments_make

from .users import DEMO_PASSWORD

SOCIAL_USERNAME = "socialraadgiver"
# Herning's hourly amounts for the social schemes (fictitious, in the range the municipalities publish).
RATES = (
    (RateKind.BPA_HOURLY, "215.40"),
    (RateKind.BPA_STANDBY_HOURLY, "75.00"),
    (RateKind.BPA_ADMIN_PER_HOUR, "12.50"),
    (RateKind.BPA_ADMIN_MONTHLY, "3000.00"),
    (RateKind.CASH_HOURLY, "198.40"),
)


@dataclass
class SocialDemo:
    rng: random.Random
    at: Callable[[dt.date], None]
    today: dt.date
    municipality: Municipality
    users: dict[str, User]
    # The generator's CPR and CVR registers: new_person(municipality, male=, age=, first_name=, last_name=).
    new_person: Callable[..., Any]
    new_company: Callable[..., Any]


def _row(
    category: str, name: str, minutes: int, times: int, per: str, reason: str, **kw: Any
) -> dict[str, Any]:
    return {
        "category": category,
        "name": name,
        "minutes": minutes,
        "occurrences": Decimal(times),
        "per": per,
        "hour_kind": kw.get("hour_kind", "actual"),
        "night": kw.get("night", False),
        "reason": reason,
        "covered_by": kw.get("covered_by", ""),
    }


# The round-the-clock case: cannot use an emergency call, needs help day and night (`seeds/004_…`).
ROUND_THE_CLOCK = (
    _row(
        "personal_care",
        "Personlig pleje: bad, toilet, forflytning og måltider",
        240,
        1,
        "day",
        "Tetraplegi efter en trafikulykke: kan ikke bevæge arme eller ben.",
    ),
    _row("practical", "Rengøring, tøjvask og madlavning", 90, 1, "day", "Kan ikke udføre praktiske opgaver."),
    _row(
        "outside_home",
        "Indkøb, arbejde i foreningen og besøg",
        240,
        3,
        "week",
        "Vil deltage i foreningslivet og besøge familien.",
    ),
    _row(
        "supervision",
        "Overvågning og hjælp om natten",
        600,
        1,
        "day",
        "Kan ikke bruge et nødkald og skal vendes og have hjælp til vejrtrækning om natten.",
        night=True,
    ),
)
# The washing-drying toilet (§ 112) replaces toilet help: part of the need, not of the BPA hours.
TOILET = (
    _row(
        "personal_care",
        "Morgen- og aftenpleje: bad og påklædning",
        90,
        1,
        "day",
        "Sklerose: kan ikke stå og har ingen kraft i hænderne.",
    ),
    _row(
        "personal_care",
        "Toiletbesøg",
        15,
        4,
        "day",
        "Kan ikke selv klare toilethygiejnen.",
        covered_by="SEL § 112 (vaske-/tørretoilet)",
    ),
    _row("practical", "Rengøring og tøjvask", 120, 2, "week", "Kan ikke udføre rengøring."),
    _row("outside_home", "Indkøb og svømning", 180, 2, "week", "Vil handle selv og træne i svømmehallen."),
)
# Ankestyrelsen's § 95 case: at least 56 hours a week (28 + 14 + 7 + 7).
CASH_56 = (
    _row(
        "personal_care",
        "Pleje hele dagen: bad, toilet, måltider",
        240,
        1,
        "day",
        "Afhængig af hjælp i alle døgnets timer (autisme, svær epilepsi).",
    ),
    _row("practical", "Rengøring, tøjvask og indkøb", 120, 7, "week", "Kan ikke udføre praktiske opgaver."),
    _row("outside_home", "Besøg hos familien", 210, 2, "week", "Har brug for hjælp under besøg (75-16)."),
    _row("relief", "Aflastning af moren", 420, 1, "week", "Moren passer ham og har brug for en fast fridag."),
)
# A decided § 95 case whose relief is given in kind under § 84 (deducted from the allowance).
CASH_RELIEF = (
    _row(
        "personal_care",
        "Personlig pleje morgen, middag og aften",
        60,
        3,
        "day",
        "Muskelsvind: har brug for hjælp til al personlig pleje.",
    ),
    _row("practical", "Rengøring og tøjvask", 60, 3, "week", "Kan ikke udføre rengøring."),
    _row("outside_home", "Ture i byen", 120, 1, "week", "Vil gerne på café med vennerne."),
    _row(
        "relief",
        "Aflastningsophold en weekend om måneden",
        300,
        1,
        "week",
        "Ægtefællen har brug for at blive aflastet.",
        covered_by="SEL § 84 (aflastning i kommunens tilbud)",
    ),
)


def generate_social(demo: SocialDemo) -> None:
    caseworker = User.objects.create_user(
        username=SOCIAL_USERNAME,
        password=DEMO_PASSWORD,
        email=f"{SOCIAL_USERNAME}@kompensation.example",
        role=Role.CASEWORKER,
        first_name="Lise",
        last_name="Mortensen",
        municipality=demo.municipality,
        phone="99 99 10 05",
    )
    demo.users[SOCIAL_USERNAME] = caseworker
    start = demo.today - dt.timedelta(days=120)
    demo.at(start - dt.timedelta(days=700))
    for kind, value in RATES:
        rate_row_add(
            user=demo.users["ydelse"],
            kind=kind,
            valid_from=dt.date(start.year - 1, 1, 1),
            value=Decimal(value),
            source="Herning Kommunes takster for BPA og kontant tilskud",
        )
    PaymentSettings.objects.update_or_create(
        municipality=demo.municipality, defaults={"bpa_admin_mode": "per_hour"}
    )

    _bpa(demo, caseworker, start)
    _cash(demo, caseworker, start)
    _aids(demo, caseworker, start)
    demo.at(demo.today)
    plan_payments_make(today=demo.today)


def _case(
    demo: SocialDemo, caseworker: User, scheme: str, received: dt.date, person: dict[str, Any], **data: Any
) -> Case:
    demo.at(received)
    new = demo.new_person(demo.municipality, **person)
    return services.social_case_register(
        user=caseworker,
        data={"scheme": scheme, "cpr": new.cpr, "received_on": received, "channel": Channel.PAPER, **data},
    )


def _assess(demo: SocialDemo, case: Case, caseworker: User, day: dt.date) -> None:
    demo.at(day)
    services.circle_assess(
        case=case,
        user=caseworker,
        answers={
            c.code: (True, f"Oplyst ved hjemmebesøget {day:%d.%m.%Y}: {c.label.lower()}.")
            for c in CIRCLE[case.scheme]  # type: ignore[index]
        },
    )


def _measure(
    demo: SocialDemo,
    case: Case,
    caseworker: User,
    day: dt.date,
    rows: tuple[dict[str, Any], ...],
    **facts: Any,
) -> None:
    demo.at(day)
    services.measurement_facts_save(
        case=case,
        user=caseworker,
        data={"person_participation": "Har selv fortalt om sin hverdag ved hjemmebesøget.", **facts},
    )
    for row in rows:
        services.activity_save(case=case, user=caseworker, data=row)


def _decide(demo: SocialDemo, case: Case, caseworker: User, day: dt.date, data: dict[str, Any]) -> None:
    demo.at(day)
    case.refresh_from_db()
    decision = social_decision_draft(case=case, user=caseworker, data=data)
    case_services.decision_send(decision=decision, user=caseworker)


def _grant(start: dt.date, hours: str, **changes: Any) -> dict[str, Any]:
    return {
        "outcome": "grant",
        "hours_per_week": Decimal(hours),
        "standby_hours_per_week": Decimal(0),
        "start_date": start,
        "period_type": "until_further_notice",
        "reasons": "Behovet er udmålt aktivitet for aktivitet sammen med borgeren ud fra egne ønsker.",
        "coverage": "Hele behovet dækkes af ordningen.",
        "employer_role": "person",
        **changes,
    }


def _bpa(demo: SocialDemo, caseworker: User, start: dt.date) -> None:
    received = start - dt.timedelta(days=40)
    around = _case(
        demo,
        caseworker,
        "bpa",
        received,
        {"male": True, "age": 34},
        tasks_description=("Hjælp hele døgnet efter en rygmarvsskade; jeg kan ikke tilkalde hjælp selv."),
        hours_sought=Decimal(168),
    )
    _assess(demo, around, caseworker, received + dt.timedelta(days=7))
    _measure(
        demo,
        around,
        caseworker,
        received + dt.timedelta(days=14),
        ROUND_THE_CLOCK,
        round_the_clock=True,
        can_call_for_help=False,
    )
    _decide(
        demo,
        around,
        caseworker,
        start - dt.timedelta(days=5),
        _grant(
            start,
            "168",
            coverage=(
                "Hele behovet dækkes af BPA-ordningen som egentlige timer hele døgnet, fordi borgeren "
                "ikke kan bruge et nødkald (Ankestyrelsens praksisundersøgelse)."
            ),
        ),
    )

    toilet = _case(
        demo,
        caseworker,
        "bpa",
        received + dt.timedelta(days=3),
        {"male": False, "age": 52},
        tasks_description="Hjælp til pleje, rengøring og at komme ud.",
        hours_sought=Decimal(35),
    )
    _assess(demo, toilet, caseworker, received + dt.timedelta(days=10))
    _measure(demo, toilet, caseworker, received + dt.timedelta(days=17), TOILET)
    association = demo.new_company(
        name="BPA-foreningen Midtjylland",
        tag="bpa",
        postcode="7400",
        city="Herning",
        street="Østergade",
        jobs=(("Hjælper", "hjælper"),),
    )
    # Need: 90×7 = 630 + 15×4×7 = 420 + 240 + 360 = 1,650 min = 27,5 h; the toilet's 7 h are covered by § 112.
    _decide(
        demo,
        toilet,
        caseworker,
        start - dt.timedelta(days=2),
        _grant(
            start,
            "20.5",
            employer_role="association",
            payee_cvr=association.cvr,
            coverage="20,5 timer af BPA-ordningen; toiletbesøgene (7 timer) dækkes af vaske-/tørretoilettet "
            "efter SEL § 112, som borgeren har fået bevilget.",
        ),
    )

    waiting = _case(
        demo,
        caseworker,
        "bpa",
        demo.today - dt.timedelta(days=12),
        {"male": True, "age": 27},
        tasks_description="Hjælp til at bo i egen bolig og gå på arbejde.",
        hours_sought=Decimal(40),
    )
    _assess(demo, waiting, caseworker, demo.today - dt.timedelta(days=6))
    _measure(demo, waiting, caseworker, demo.today - dt.timedelta(days=2), TOILET[:1])


def _cash(demo: SocialDemo, caseworker: User, start: dt.date) -> None:
    received = demo.today - dt.timedelta(days=25)
    fifty_six = _case(
        demo,
        caseworker,
        "cash",
        received,
        {"male": True, "age": 19},
        tasks_description=("Vores søn har brug for hjælp hele dagen; vi vil selv ansætte hjælperne."),
        hours_sought=Decimal(56),
    )
    _assess(demo, fifty_six, caseworker, received + dt.timedelta(days=5))
    _measure(demo, fifty_six, caseworker, received + dt.timedelta(days=12), CASH_56)

    relief = _case(
        demo,
        caseworker,
        "cash",
        start - dt.timedelta(days=45),
        {"male": False, "age": 61},
        tasks_description="Hjælp til pleje og rengøring; min mand passer mig.",
        hours_sought=Decimal(30),
    )
    _assess(demo, relief, caseworker, start - dt.timedelta(days=38))
    _measure(demo, relief, caseworker, start - dt.timedelta(days=30), CASH_RELIEF)
    # Need: 60×3×7 = 1,260 + 180 + 120 + 300 = 1,860 min = 31 h; relief (5 h) in kind: pays 26 h.
    _decide(
        demo,
        relief,
        caseworker,
        start - dt.timedelta(days=3),
        _grant(
            start,
            "26",
            coverage="26 timer af det kontante tilskud; aflastningen (5 timer) gives i kommunens "
            "aflastningstilbud efter SEL § 84.",
        ),
    )

    _case(
        demo,
        caseworker,
        "cash",
        demo.today - dt.timedelta(days=3),
        {"male": False, "age": 44},
        tasks_description="Hjælp til personlig pleje og praktiske opgaver.",
        hours_sought=Decimal(25),
    )


def _aids(demo: SocialDemo, caseworker: User, start: dt.date) -> None:
    supplier = demo.new_company(
        name="Hjælpemiddelhuset Herning ApS",
        tag="aid",
        postcode="7400",
        city="Herning",
        street="Industrivej",
        jobs=(("Konsulent", "konsulent"),),
    )
    received = start - dt.timedelta(days=60)
    toilet = _case(
        demo,
        caseworker,
        "aid",
        received,
        {"male": False, "age": 52},
        product="Vaske-/tørretoilet",
        tasks_description="Kan ikke selv klare toilethygiejnen.",
    )
    _assess(demo, toilet, caseworker, received + dt.timedelta(days=5))
    trial = _trial(
        demo, toilet, caseworker, received + dt.timedelta(days=10), supplier.cvr, "Vaske-/tørretoilet"
    )
    _end(demo, trial, caseworker, received + dt.timedelta(days=24))
    _decide(
        demo,
        toilet,
        caseworker,
        received + dt.timedelta(days=28),
        {
            "outcome": "grant",
            "start_date": received + dt.timedelta(days=28),
            "reasons": "Toilettet letter i væsentlig grad den daglige tilværelse i hjemmet (afprøvning).",
            "product": "Vaske-/tørretoilet, Geberit AquaClean Mera",
            "supplier_cvr": supplier.cvr,
            "price": Decimal("18950.00"),
        },
    )

    scooter = _case(
        demo,
        caseworker,
        "consumer_good",
        received + dt.timedelta(days=8),
        {"male": True, "age": 71},
        product="El-scooter",
        tasks_description="Kan ikke gå mere end 100 meter.",
    )
    _assess(demo, scooter, caseworker, received + dt.timedelta(days=14))
    _decide(
        demo,
        scooter,
        caseworker,
        received + dt.timedelta(days=30),
        {
            "outcome": "grant",
            "start_date": received + dt.timedelta(days=30),
            "reasons": "En el-scooter i standardudførelse gør det muligt at handle og komme til lægen selv.",
            "product": "El-scooter, standardmodel",
            "supplier_cvr": supplier.cvr,
            "price": Decimal("21999.00"),
        },
    )

    rollator = _case(
        demo,
        caseworker,
        "aid",
        demo.today - dt.timedelta(days=15),
        {"male": False, "age": 83},
        product="Rollator",
        tasks_description="Falder, når jeg går uden støtte.",
    )
    _assess(demo, rollator, caseworker, demo.today - dt.timedelta(days=10))
    _trial(demo, rollator, caseworker, demo.today - dt.timedelta(days=7), supplier.cvr, "Rollator, let model")


def _trial(demo: SocialDemo, case: Case, caseworker: User, day: dt.date, cvr: str, product: str) -> Any:
    demo.at(day)
    return aids.trial_start(
        case=case,
        user=caseworker,
        data={
            "product": product,
            "supplier_cvr": cvr,
            "started_on": day,
            "planned_end": day + dt.timedelta(days=14),
        },
    )


def _end(demo: SocialDemo, trial: Any, caseworker: User, day: dt.date) -> None:
    demo.at(day)
    aids.trial_end(
        trial=trial,
        user=caseworker,
        data={
            "ended_on": day,
            "result": "suitable",
            "findings": "Borgeren klarer nu toiletbesøg uden hjælp.",
        },
    )
