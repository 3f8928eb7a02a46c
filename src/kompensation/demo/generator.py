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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from kompensation.accounts.models import Municipality, Role, User
from kompensation.cases import services
from kompensation.cases.models import (
    Ability,
    Application,
    ApplicationStatus,
    AssistantKind,
    Case,
    CaseStatus,
    Channel,
    Decision,
    Document,
    DocumentType,
    EmploymentForm,
    EmploymentType,
    Outcome,
    PeriodType,
    RateType,
)
from kompensation.letters.models import Letter
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord
from kompensation.rules import deadlines, pa

from .payments import generate_payments

# Demo-only password for every demo login; `demo_data` prints it on screen. Never use it for anything real.
DEMO_PASSWORD = "demo-kompensation-2026"  # noqa: S105

OTHER_MUNICIPALITY_CODE = "751"  # Aarhus: the `aarhus` login shows that tenants never see each other
TENANCY_CASES = 3  # Aarhus cases besides the `cases` of the main municipality

# Stages of the generated cases; the last three are decided.
RECEIVED, INVESTIGATING, HEARING = "received", "investigating", "hearing"
GRANT, PARTIAL, REFUSAL = "grant", "partial_grant", "refusal"
AWAITING = "awaiting_employer"  # an online application the employer has not signed yet: no case

_REAL_NOW = timezone.now
T = TypeVar("T")


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
    applications_awaiting_employer: int
    tenancy_cases: int  # cases in the other municipality (Aarhus)
    people: int  # persons in the offline CPR register
    companies: int  # companies in the offline CVR register
    documents: int
    letters_sent: int


# --- the case mix (shared/domain/case-mix.md, BDO Bilag 2 tabel 1; columns: mental, physical, both) -----

_IMPAIRMENT_WEIGHTS = {"mental": 74, "physical": 195, "both": 16}
_COLUMN = {"mental": 0, "physical": 1, "both": 2}
_MALE_FEMALE = {"mental": (53, 20), "physical": (114, 81), "both": (7, 9)}
_AGE_BRACKETS = ((18, 29), (30, 39), (40, 49), (50, 59), (60, 69))
_AGE_WEIGHTS = {"mental": (25, 21, 14, 7, 7), "physical": (9, 22, 39, 66, 59), "both": (3, 6, 1, 5, 1)}
# Education (§ 5 stk. 2; 3 of 285, unemployed without an employer) is left out of the demo.
_EMPLOYMENT_WEIGHTS = {
    "mental": {"flex_job": 30, "ordinary": 26, "self_employed": 4, "pensioner": 10},
    "physical": {"flex_job": 29, "ordinary": 95, "self_employed": 62, "pensioner": 5},
    "both": {"flex_job": 7, "ordinary": 6, "self_employed": 2, "pensioner": 1},
}
_UNTIL_FURTHER_NOTICE = {"mental": (61, 12), "physical": (163, 31), "both": (15, 1)}  # (limited, ufn)
_HOURS_BRACKETS = ((1, 5), (6, 10), (11, 15), (16, 20), (21, 26))
_HOURS_WEIGHTS = {"mental": (27, 24, 10, 10, 1), "physical": (50, 51, 35, 52, 5), "both": (9, 0, 3, 4, 0)}
_TYPE_WEIGHTS = {
    "relief": (0, 107, 7),
    "secretarial": (6, 32, 3),
    "structuring": (56, 20, 13),
    "reading": (2, 14, 0),
    "sign": (0, 44, 0),
    "driving": (0, 13, 1),
    "support": (33, 4, 3),
    "introduction": (18, 3, 2),
    "retention": (26, 0, 4),
    "other": (13, 9, 0),
}

# Dialog-form tasks per kind of assistance: (task, what the assistant does).
_TASKS: dict[str, list[tuple[str, str]]] = {
    "relief:manual": [
        ("Løft og flytning af varer", "Løfter og flytter varer over 5 kg"),
        ("Håndtering af tunge materialer", "Bærer materialer fra bil til arbejdssted"),
        ("Opsætning og nedtagning af udstyr", "Sætter udstyr op og tager det ned igen"),
        ("Oprydning og rengøring af arbejdsområdet", "Udfører de tunge dele af oprydningen"),
    ],
    "relief:office": [
        ("Løft af arkivkasser og ringbind", "Henter og bærer arkivmateriale"),
        ("Opsætning af lokaler til møder", "Flytter borde og stole og sætter udstyr op"),
        ("Hentning af varer og materialer på lageret", "Henter og bærer materialer"),
    ],
    "secretarial": [
        ("Renskrivning af notater", "Skriver notater rent efter diktat"),
        ("Arkivering og scanning af bilag", "Scanner og arkiverer bilag"),
        ("Telefonpasning og kalenderstyring", "Tager telefonen og styrer kalenderen"),
        ("Udfyldning af skemaer og blanketter", "Udfylder skemaer efter personens anvisning"),
    ],
    "structuring": [
        ("Planlægning af ugens opgaver", "Gennemgår og prioriterer ugens opgaver sammen med personen"),
        ("Kvalitetssikring af færdige opgaver", "Gennemlæser og tjekker opgaverne, før de afleveres"),
        ("Overblik over frister og aftaler", "Følger op på frister og minder om dem"),
    ],
    "reading": [
        ("Oplæsning af post og dokumenter", "Læser post og dokumenter op"),
        ("Korrekturlæsning af breve og rapporter", "Læser korrektur og retter opsætningen"),
        ("Gennemgang af tegninger og skemaer", "Beskriver indholdet af tegninger og skemaer"),
    ],
    "sign": [
        ("Tegnsprogstolkning ved møder", "Tolker personale- og kundemøder"),
        ("Tolkning ved telefonsamtaler", "Tolker telefonsamtaler med kunder og leverandører"),
        ("Tolkning ved kurser og oplæring", "Tolker undervisning og instruktion"),
    ],
    "driving": [
        ("Kørsel til kunder", "Kører personen til og fra kundebesøg"),
        ("Kørsel mellem arbejdssteder", "Kører mellem afdelinger og arbejdssteder"),
    ],
    "support": [
        ("Støtte ved kundekontakt", "Er med ved svære kundesamtaler og tager over ved behov"),
        ("Sparring ved uforudsete ændringer", "Hjælper med at lægge en ny plan, når dagen ændrer sig"),
        ("Støtte i pressede perioder", "Skærmer for forstyrrelser og hjælper med at prioritere"),
    ],
    "introduction": [
        ("Oplæring i nye arbejdsopgaver", "Viser og gennemgår nye opgaver trin for trin"),
        ("Introduktion til nyt it-system", "Gennemgår systemet og laver huskesedler"),
    ],
    "retention": [
        ("Fastholdelse i opgaven", "Følger op undervejs og hjælper med at holde fokus"),
        ("Opstart af dagens opgaver", "Hjælper i gang med dagens første opgaver"),
    ],
    "other": [
        ("Hjælp ved arbejdsrejser og messer", "Tager med og klarer de praktiske opgaver"),
        ("Praktisk hjælp ved arrangementer", "Hjælper med det praktiske ved arrangementer"),
    ],
}

_AIDS = {
    "relief": "Løftebord, vakuumløfter og rullevogn er afprøvet. De dækker ikke løft af uensartede emner.",
    "secretarial": "Talegenkendelse og diktafon er afprøvet; de dækker kun en del af skriveopgaverne.",
    "structuring": "Visuel planlægningstavle og en huskeapp er afprøvet; de støtter, men dækker ikke "
    "behovet for sparring og opfølgning.",
    "reading": "Skærmlæser og forstørrelsesprogram er bevilget som hjælpemidler; de kan ikke læse "
    "håndskrevne dokumenter og tegninger.",
    "sign": "Skrivetolk og talegenkendelse er overvejet; de dækker ikke møder med flere deltagere.",
    "driving": "Særligt indrettet bil er ikke en mulighed, fordi personen ikke må føre motorkøretøj.",
    "support": "Faste rutiner og en mentorordning er afprøvet; de dækker ikke de uforudsete situationer.",
    "introduction": "Skriftlige arbejdsgange er lavet; de dækker ikke oplæringen i praksis.",
    "retention": "Timer og påmindelser på telefonen er afprøvet; de fastholder ikke opgaven alene.",
    "other": "Til rejser og arrangementer findes der ikke hjælpemidler, der kan erstatte en assistent.",
}

# Tasks a person applied for help with, but the jobcentre finds can be done alone with an aid.
_PARTIAL_CUTS = {
    "physical": [
        ("Transport af materialer internt", "en el-drevet rullevogn"),
        ("Hentning af post og pakker", "en rullevogn"),
        ("Indstilling af skærm og arbejdsbord", "et hæve-sænkebord med hukommelse"),
    ],
    "mental": [
        ("Planlægning af dagens opgaver", "en visuel planlægningstavle og en huskeapp"),
        ("Påmindelser om møder og aftaler", "kalenderpåmindelser på telefonen"),
    ],
    "sign": [
        ("Tolkning ved korte samtaler med kolleger", "skrivetolkning på tablet og beskeder i chatten"),
    ],
    "reading": [
        ("Oplæsning af korte mails", "skærmlæseren, som allerede er bevilget"),
    ],
}

_IMPAIRMENT_TEXTS = {
    "physical": [
        "Sklerose med nedsat kraft i arme og ben og hurtig udtrætning",
        "Diskusprolaps med varige rygsmerter; må ikke løfte over 5 kg",
        "Leddegigt i hænder, skuldre og knæ",
        "Amputeret venstre underben; går med protese",
        "Muskelsvind med nedsat kraft i arme og skuldre",
        "Rygmarvsskade; kørestolsbruger",
        "Cerebral parese med spasticitet i højre side",
    ],
    "mental": [
        "ADHD med betydelige vanskeligheder ved planlægning og overblik",
        "Autismespektrumforstyrrelse",
        "Varig angstlidelse og tilbagevendende depression",
        "Bipolar lidelse, stabil i behandling",
        "Skizofreni, stabil i behandling",
        "OCD (tvangstanker og -handlinger)",
    ],
    "both": [
        "Erhvervet hjerneskade efter blodprop: lammelse i venstre side og nedsat hukommelse",
        "Cerebral parese med kognitive vanskeligheder",
        "Sklerose med træthed, koncentrationsbesvær og nedsat gangfunktion",
        "Følger efter hjernerystelse: hovedpine, lysfølsomhed og nedsat hukommelse",
    ],
    "deaf": [
        "Født døv; tegnsprog er førstesprog",
        "Døv siden barndommen; kommunikerer på tegnsprog",
        "Svært hørehæmmet med cochlear implant; har brug for tegnsprogstolk ved møder",
    ],
    "sight": [
        "Stærkt svagsynet (under 10 % syn)",
        "Blind; bruger skærmlæser og punktskrift",
        "Nethindesygdom med tiltagende synstab",
    ],
    "no_driving": [
        "Epilepsi; må ikke føre motorkøretøj",
        "Stærkt nedsat syn; har ikke kørekort",
    ],
}

_NO_DOCUMENTATION = [
    "Funktionsnedsættelsen er velkendt for jobcentret og dokumenteret i den tidligere sag om fleksjob.",
    "Funktionsnedsættelsen er dokumenteret i kommunens hjælpemiddelsag om samme funktionsnedsættelse.",
    "Funktionsnedsættelsen er synlig og beskrevet ved virksomhedsbesøget; lægelig dokumentation vil ikke "
    "tilføre sagen noget nyt.",
]

_ACTIVE_STEP_NOTES = {
    "meeting": "Møde i jobcentret med borgeren; ansøgningen og dialogskemaet gennemgået.",
    "workplace_visit": "Besøg på arbejdspladsen sammen med nærmeste leder; opgaverne set i praksis.",
    "information_request": "Anmodet virksomheden om arbejdsplan og borgerens læge om status.",
}

_JOURNAL_NOTES = [
    "Telefonsamtale med borgeren: gennemgik ansøgningen og aftalte det videre forløb.",
    "Mail fra virksomheden med opdateret arbejdsplan. Lagt på sagen.",
    "Talt med nærmeste leder om, hvilke opgaver assistenten skal løse.",
    "Borgeren har ringet og spurgt til sagsbehandlingstiden. Orienteret om fristen.",
]

_HEARING_ANSWERS_PARTIAL = [
    "Jeg er enig i opgørelsen og har ingen yderligere bemærkninger.",
    "Jeg er uenig i, at jeg selv kan klare opgaven, men jeg har ikke nye oplysninger.",
    "Telefonisk svar: borgeren har ingen bemærkninger til oplysningerne.",
]
_HEARING_ANSWERS_REFUSAL = [
    "Jeg er uenig. Jeg løser selv de vigtigste opgaver, og assistenten skal kun hjælpe mig.",
    "Telefonisk svar: borgeren fastholder ansøgningen, men har ikke nye oplysninger.",
]

# --- people, places and companies ------------------------------------------------------------------

_MALE_NAMES_OLDER = [
    "Jens", "Peter", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Jesper", "Niels", "Morten",
    "Ole", "Poul", "Bent", "Kim", "Torben", "Jørgen", "Steffen", "Claus", "Kristian", "Erik",
]  # fmt: skip
_MALE_NAMES_YOUNGER = [
    "Mads", "Frederik", "Mikkel", "Kasper", "Jonas", "Emil", "Rasmus", "Mathias", "Oliver", "Sebastian",
    "Magnus", "Anders", "Christian", "Martin", "Simon", "Nikolaj",
]  # fmt: skip
_FEMALE_NAMES_OLDER = [
    "Anne", "Kirsten", "Mette", "Hanne", "Helle", "Susanne", "Lene", "Marianne", "Pia", "Charlotte",
    "Tina", "Karen", "Inge", "Birgitte", "Lone", "Bente", "Gitte", "Trine", "Malene", "Rikke",
]  # fmt: skip
_FEMALE_NAMES_YOUNGER = [
    "Sofie", "Ida", "Emma", "Julie", "Line", "Sara", "Signe", "Freja", "Laura", "Cecilie", "Mathilde",
    "Camilla", "Louise", "Maria", "Katrine", "Josefine",
]  # fmt: skip
_LAST_NAMES = [
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Lauridsen",
    "Kjær", "Bach", "Lund", "Holm", "Dahl", "Nørgaard", "Vestergaard", "Bak", "Skov", "Damgaard",
    "Kjærgaard", "Bundgaard", "Iversen", "Thygesen", "Gade", "Brix", "Bisgaard", "Hedegaard",
]  # fmt: skip


@dataclass(frozen=True)
class _Town:
    postcode: str
    city: str
    weight: int
    streets: tuple[str, ...]


_HERNING_STREETS = (
    "Bredgade", "Østergade", "Vestergade", "Søndergade", "Nørregade", "Smallegade", "Fredensgade",
    "Dalgasgade", "Gullestrupvej", "Holstebrovej", "Silkeborgvej", "Viborgvej", "Brændgårdvej",
    "Fruehøjgårdvej", "Tjørringvej", "Hammerum Hovedgade", "Lind Hovedgade", "Gjellerupvej",
    "Ringkøbingvej", "Holtbjergvej", "Ågade", "Fuglsangvej",
)  # fmt: skip

_TOWNS: dict[str, tuple[_Town, ...]] = {
    "657": (
        _Town("7400", "Herning", 70, _HERNING_STREETS),
        _Town("7451", "Sunds", 10, ("Hovedgaden", "Stationsvej", "Søvej", "Skolevej", "Engdraget")),
        _Town("7480", "Vildbjerg", 10, ("Vestergade", "Nørregade", "Skolegade", "Bøgildvej", "Egevej")),
        _Town("7490", "Aulum", 10, ("Bredgade", "Kirkegade", "Vestergade", "Rosenvænget", "Hodsagervej")),
    ),
    "751": (
        _Town("8000", "Aarhus C", 40, ("Frederiksgade", "Jægergårdsgade", "Nørrebrogade", "Vestergade")),
        _Town("8200", "Aarhus N", 25, ("Randersvej", "Trøjborgvej", "Tordenskjoldsgade", "Finsensgade")),
        _Town("8210", "Aarhus V", 20, ("Silkeborgvej", "Hasle Ringvej", "Herredsvej", "Bispehavevej")),
        _Town("8260", "Viby J", 15, ("Skanderborgvej", "Viby Torv", "Søndervangs Allé", "Kongsvang Allé")),
    ),
}


@dataclass(frozen=True)
class _CompanySpec:
    name: str
    tag: str  # "office" or "manual": which relief tasks and impairments fit
    postcode: str
    city: str
    street: str
    jobs: tuple[tuple[str, str], ...]  # (job title, core task the person does alone)


DEMO_EMPLOYER_NAME = "Herning Revision ApS"
INTERPRETER_AGENCY_NAME = "Midtjysk Tegnsprogstolkning ApS"
_ASSISTANCE_AGENCIES = ("Assistancebureauet Midt ApS", "Handicapassistance Vest ApS")

_COMPANIES: dict[str, tuple[_CompanySpec, ...]] = {
    "657": (
        _CompanySpec(
            DEMO_EMPLOYER_NAME,
            "office",
            "7400",
            "Herning",
            "Birk Centerpark",
            (("Revisorassistent", "Udarbejdelse af årsregnskaber"), ("Bogholder", "Bogføring og afstemning")),
        ),
        _CompanySpec(
            "Midtjysk Revision ApS",
            "office",
            "7400",
            "Herning",
            "Dalgasgade",
            (("Bogholder", "Bogføring og afstemning"), ("Lønbogholder", "Lønkørsel og indberetning")),
        ),
        _CompanySpec(
            "Herning Tømrer & Snedker A/S",
            "manual",
            "7400",
            "Herning",
            "Industrivej",
            (("Tømrer", "Tømrerarbejde på byggepladsen"), ("Snedker", "Fremstilling af møbler og inventar")),
        ),
        _CompanySpec(
            "Vestjysk Trælast A/S",
            "manual",
            "7400",
            "Herning",
            "Fabriksvej",
            (("Lagermedarbejder", "Plukning og pakning af ordrer"), ("Sælger", "Rådgivning og salg")),
        ),
        _CompanySpec(
            "Sunds Maskinfabrik ApS",
            "manual",
            "7451",
            "Sunds",
            "Industrivej",
            (("Smed", "Svejsning og montage"), ("CNC-operatør", "Programmering af CNC-maskiner")),
        ),
        _CompanySpec(
            "Aulum VVS & Blik ApS",
            "manual",
            "7490",
            "Aulum",
            "Håndværkervej",
            (("VVS-montør", "Installation og service hos kunder"),),
        ),
        _CompanySpec(
            "Midtjysk IT-Consult ApS",
            "office",
            "7400",
            "Herning",
            "Lysholt Allé",
            (("Systemudvikler", "Programmering og test"), ("IT-supporter", "Fejlsøgning og brugersupport")),
        ),
        _CompanySpec(
            "Hammerum Bageri ApS",
            "manual",
            "7400",
            "Herning",
            "Hammerum Hovedgade",
            (("Bager", "Bagning af brød og kager"), ("Ekspedient", "Betjening af kunder i butikken")),
        ),
        _CompanySpec(
            "Herning Tekstil & Design A/S",
            "office",
            "7400",
            "Herning",
            "Vestergade",
            (("Designer", "Design af kollektioner"), ("Kundeservicemedarbejder", "Kundehenvendelser")),
        ),
        _CompanySpec(
            "Gullestrup Lager & Logistik A/S",
            "manual",
            "7400",
            "Herning",
            "Gullestrupvej",
            (("Lagermedarbejder", "Plukning og pakning af ordrer"), ("Disponent", "Planlægning af ruter")),
        ),
        _CompanySpec(
            "Vildbjerg Auto ApS",
            "manual",
            "7480",
            "Vildbjerg",
            "Bøgildvej",
            (("Mekaniker", "Reparation og service af biler"),),
        ),
        _CompanySpec(
            "Herning Kontorservice ApS",
            "office",
            "7400",
            "Herning",
            "Østergade",
            (("Kontorassistent", "Sagsbehandling og journalisering"), ("Receptionist", "Modtagelse")),
        ),
        _CompanySpec(
            "Midtjysk Rengøring ApS",
            "manual",
            "7400",
            "Herning",
            "Holstebrovej",
            (("Rengøringsassistent", "Rengøring hos erhvervskunder"),),
        ),
        _CompanySpec(
            "Herning Planteskole ApS",
            "manual",
            "7400",
            "Herning",
            "Silkeborgvej",
            (("Gartner", "Pasning af planter og beplantning"),),
        ),
    ),
    "751": (
        _CompanySpec(
            "Aarhus Grafisk Design ApS",
            "office",
            "8000",
            "Aarhus C",
            "Frederiksgade",
            (("Grafiker", "Layout og opsætning af tryksager"),),
        ),
        _CompanySpec(
            "Østjysk Rengøring A/S",
            "manual",
            "8210",
            "Aarhus V",
            "Hasle Ringvej",
            (("Rengøringsassistent", "Rengøring hos erhvervskunder"),),
        ),
    ),
}

# Self-employed: (trade in the company name, job title, core task, tag).
_TRADES = (
    ("Malerfirma", "Malermester", "Malerarbejde hos kunder", "manual"),
    ("Tømrerfirma", "Tømrermester", "Tømrerarbejde hos kunder", "manual"),
    ("Landbrug", "Landmand", "Pasning af dyr og marker", "manual"),
    ("Frisørsalon", "Frisør", "Klipning og farvning af kunder", "manual"),
    ("Bogføringsservice", "Bogholder", "Bogføring for kunder", "office"),
    ("Grafisk Design", "Grafisk designer", "Design af logoer og tryksager", "office"),
    ("Rådgivning", "Konsulent", "Rådgivning af kunder", "office"),
)


@dataclass
class _Company:
    cvr: str
    name: str
    tag: str
    jobs: tuple[tuple[str, str], ...]


@dataclass
class _Person:
    cpr: str
    first_name: str
    last_name: str
    male: bool
    birth: dt.date
    postcode: str
    city: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass
class _Profile:
    """One case to build: who, which job, what need, and how far the case has come."""

    stage: str
    municipality: Municipality
    registrar: User  # the caseworker who registers (paper) and handles the case
    person: _Person
    impairment: str  # physical, mental, both
    impairment_text: str
    types: list[str]
    form: str  # EmploymentForm value
    company: _Company
    job: str
    core_task: str
    hours: Decimal  # sought per week
    granted: Decimal  # what the dialog form supports (less than sought for a partial grant)
    working_hours: Decimal
    until_further_notice: bool
    channel: str
    has_gp: bool
    refusal_reason: str = ""  # incompatible, aids, not_permanent
    hearing_answered: bool = True
    reheard: bool = False  # investigating again after an answered hearing
    received_window: tuple[int, int] = (1, 45)
    raised_rate: bool = False
    travel: bool = False
    cut: tuple[str, str] | None = None  # partial grant: (task, aid) judged doable alone
    assistants: list[dict[str, str]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return self.stage in (GRANT, PARTIAL, REFUSAL)

    @property
    def plans_refusal(self) -> bool:
        return bool(self.refusal_reason)


@dataclass
class _Plan:
    received: dt.date
    registered: dt.date | None = None
    submitted: dt.date | None = None
    active: dt.date | None = None
    dialog: dt.date | None = None
    hearing: dt.date | None = None
    response: dt.date | None = None
    decision: dt.date | None = None


# --- a minimal PDF ---------------------------------------------------------------------------------


def demo_pdf(lines: Sequence[str]) -> bytes:
    """A one-page PDF 1.4 with the lines in Helvetica (WinAnsi, so æøå work); built by hand, no library."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 12 Tf", "16 TL", "72 790 Td"]
    ops += [f"({text(line)}) '" for line in lines]
    ops.append("ET")
    content = "\n".join(ops).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode() + b"0000000000 65535 f \n"
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n".encode()
    out += b"%%EOF\n"
    return bytes(out)


def _quick_letter_pdf(*, context: dict[str, object]) -> bytes:
    """Stands in for WeasyPrint when letters are off (`with_letters=False`): a tiny PDF per letter."""
    letter = context.get("letter")
    subject = str(getattr(letter, "subject", "Brev"))
    number = getattr(letter, "pk", "")
    return demo_pdf(["FIKTIVT DEMOBREV - uden layout (demodata uden breve)", subject, f"Brev nr. {number}"])


# --- the clock ---------------------------------------------------------------------------------------


class _Clock:
    """Stands in for `django.utils.timezone.now` while the generator runs.

    The services stamp `timezone.now()` and compute deadlines from `timezone.localdate()`; with this
    clock set to the day a step happened, events, deadlines, hearings, decisions, grants and letters
    (including the date printed in the letter) are all consistent, and nothing needs back-dating by
    queryset `.update()` afterwards (CaseEvent.save() refuses updates on purpose).
    """

    def __init__(self) -> None:
        self.moment: dt.datetime | None = None

    def now(self) -> dt.datetime:
        return self.moment if self.moment is not None else _REAL_NOW()


def _towns(municipality: Municipality) -> tuple[_Town, ...]:
    """Herning and Aarhus have street names; another municipality gets generic ones without a postcode."""
    generic = ("Hovedgaden", "Skolevej", "Kirkevej", "Stationsvej", "Industrivej")
    return _TOWNS.get(municipality.code) or (_Town("", municipality.name, 1, generic),)


def _next_workday(day: dt.date) -> dt.date:
    return deadlines.next_working_day(day)


def _previous_workday(day: dt.date) -> dt.date:
    while not deadlines.is_working_day(day):
        day -= dt.timedelta(days=1)
    return day


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _half_hours(units: int) -> Decimal:
    return Decimal(units) / 2


def _hours_text(value: Decimal) -> str:
    return pa.format_hours(value)


# --- the generator -----------------------------------------------------------------------------------


class _Generator:
    def __init__(
        self, *, rng: random.Random, clock: _Clock, main: Municipality, other: Municipality, today: dt.date
    ) -> None:
        self.rng = rng
        self.clock = clock
        self.main = main
        self.other = other
        self.today = today
        self.last_day = _previous_workday(today - _days(1))
        self.tz = timezone.get_default_timezone()
        self.cursor: dt.datetime | None = None
        # Numbers already in the offline registers (tests, earlier data) are never handed out again.
        self.cprs: set[str] = set(OfflineCprRecord.objects.values_list("cpr", flat=True))
        self.cvrs: set[str] = set(OfflineCvrRecord.objects.values_list("cvr", flat=True))
        self.companies: dict[str, list[_Company]] = {}
        self.demo_employer: _Company
        self.interpreter_agency: _Company
        self.users: dict[str, User] = {}
        self.employer_users: dict[str, User] = {}
        self.citizen_count = 0

    # -- randomness helpers

    def weighted(self, weights: Mapping[T, int]) -> T:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    # -- time

    def at(self, day: dt.date) -> None:
        """Set the clock to a working-hours moment on `day`, later than the previous step that day."""
        if self.cursor is not None and timezone.localtime(self.cursor, self.tz).date() == day:
            moment = self.cursor + dt.timedelta(minutes=self.rng.randint(2, 20))
        else:
            start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=self.tz)
            moment = start + dt.timedelta(minutes=self.rng.randint(0, 5 * 60))
        self.cursor = moment
        self.clock.moment = moment.astimezone(dt.UTC)

    # -- registers

    def new_cpr(self, birth: dt.date, *, male: bool) -> str:
        """Ten digits: birth date, a serial with the century digit of the birth year, modulus 11."""
        yy = birth.year % 100
        if 1900 <= birth.year <= 1999:
            centuries = "0123"
        elif 2000 <= birth.year <= 2036:
            centuries = "49"
        else:
            raise ValueError(f"Fødselsåret {birth.year} understøttes ikke i demodata.")
        while True:
            serial = f"{self.pick(centuries)}{self.rng.randrange(1000):03d}"
            if (int(serial[-1]) % 2 == 1) != male:
                continue
            number = f"{birth:%d%m}{yy:02d}{serial}"
            if number in self.cprs or stdnum_cpr.checksum(number) != 0:
                continue
            self.cprs.add(number)
            return str(stdnum_cpr.validate(number))

    def new_cvr(self) -> str:
        """Eight digits starting with 9 (not issued yet) with the modulus-11 check digit."""
        weights = (2, 7, 6, 5, 4, 3, 2)
        while True:
            digits = [9] + [self.rng.randrange(10) for _ in range(6)]
            check = (-sum(w * d for w, d in zip(weights, digits, strict=True))) % 11
            if check == 10:
                continue
            number = "".join(map(str, digits)) + str(check)
            if number in self.cvrs:
                continue
            self.cvrs.add(number)
            return str(stdnum_cvr.validate(number))

    def address(self, town: _Town) -> str:
        number = f"{self.rng.randint(1, 140)}{self.pick(['', '', '', '', 'A', 'B'])}"
        floor = ""
        if town.city == "Herning" or town.city.startswith("Aarhus"):
            floor = self.pick(["", "", "", ", 1. th.", ", 2. tv.", ", st. th.", ", 3. mf."])
        return f"{self.pick(town.streets)} {number}{floor}"

    def new_person(
        self,
        municipality: Municipality,
        *,
        male: bool,
        age: int,
        first_name: str | None = None,
        last_name: str | None = None,
    ) -> _Person:
        birth = dt.date(self.today.year - age, 1, 1) + _days(self.rng.randrange(365))
        if first_name is None:
            younger = birth.year >= 1985
            if male:
                first_name = self.pick(_MALE_NAMES_YOUNGER if younger else _MALE_NAMES_OLDER)
            else:
                first_name = self.pick(_FEMALE_NAMES_YOUNGER if younger else _FEMALE_NAMES_OLDER)
        last_name = last_name or self.pick(_LAST_NAMES)
        town = self.weighted({t: t.weight for t in _towns(municipality)})
        person = _Person(
            cpr=self.new_cpr(birth, male=male),
            first_name=first_name,
            last_name=last_name,
            male=male,
            birth=birth,
            postcode=town.postcode,
            city=town.city,
        )
        OfflineCprRecord.objects.create(
            cpr=person.cpr,
            first_name=person.first_name,
            last_name=person.last_name,
            address=self.address(town),
            postcode=town.postcode,
            city=town.city,
            municipality_code=municipality.code,
        )
        return person

    def new_company(
        self,
        *,
        name: str,
        tag: str,
        postcode: str,
        city: str,
        street: str,
        jobs: tuple[tuple[str, str], ...],
        founded: dt.date | None = None,
    ) -> _Company:
        company = _Company(cvr=self.new_cvr(), name=name, tag=tag, jobs=jobs)
        OfflineCvrRecord.objects.create(
            cvr=company.cvr,
            name=name,
            address=f"{street} {self.rng.randint(1, 90)}",
            postcode=postcode,
            city=city,
            active_from=founded or dt.date(self.rng.randint(1975, 2018), self.rng.randint(1, 12), 1),
        )
        return company

    def register_companies(self) -> None:
        for code in (self.main.code, self.other.code):
            self.companies[code] = [
                self.new_company(
                    name=s.name, tag=s.tag, postcode=s.postcode, city=s.city, street=s.street, jobs=s.jobs
                )
                for s in _COMPANIES.get(code, ())
            ]
        if not self.companies[self.main.code]:
            # A municipality without a company list of its own borrows Herning's names.
            self.companies[self.main.code] = [
                self.new_company(
                    name=s.name, tag=s.tag, postcode="", city=self.main.name, street=s.street, jobs=s.jobs
                )
                for s in _COMPANIES["657"]
            ]
        self.demo_employer = self.companies[self.main.code][0]
        self.interpreter_agency = self.new_company(
            name=INTERPRETER_AGENCY_NAME,
            tag="office",
            postcode="7400",
            city="Herning",
            street="Fredensgade",
            jobs=(),
        )
        for name in _ASSISTANCE_AGENCIES:
            self.new_company(
                name=name, tag="office", postcode="7400", city="Herning", street="Bredgade", jobs=()
            )

    # -- users

    def create_users(self) -> None:
        def user(username: str, role: str, first: str, last: str, **extra: Any) -> User:
            created = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                email=f"{username}@kompensation.example",
                role=role,
                first_name=first,
                last_name=last,
                **extra,
            )
            self.users[username] = created
            return created

        user("sagsbehandler", Role.CASEWORKER, "Mette", "Kjær", municipality=self.main)
        user("sagsbehandler2", Role.CASEWORKER, "Jonas", "Lund", municipality=self.main)
        user("ydelse", Role.PAYMENT_OFFICER, "Hanne", "Bech", municipality=self.main)
        user("leder", Role.MANAGER, "Peter", "Holm", municipality=self.main)
        user("aarhus", Role.CASEWORKER, "Sofie", "Dahl", municipality=self.other)
        self.employer_users[self.demo_employer.cvr] = user(
            "virksomhed", Role.EMPLOYER, "Lars", "Mikkelsen", cvr=self.demo_employer.cvr
        )
        user("tolk", Role.INTERPRETER_AGENCY, "Birgitte", "Skov", cvr=self.interpreter_agency.cvr)
        citizen = self.new_person(self.main, male=False, age=34, first_name="Camilla", last_name="Nørgaard")
        user("borger", Role.CITIZEN, citizen.first_name, citizen.last_name, cpr=citizen.cpr)
        user("star", Role.NATIONAL, "Anders", "Vestergaard")

    def citizen_user(self, person: _Person) -> User:
        """The applicant's own login (MitID in real life); no password, so it cannot be used in the demo."""
        self.citizen_count += 1
        return User.objects.create_user(
            username=f"mitid-borger-{self.citizen_count:03d}",
            password=None,
            role=Role.CITIZEN,
            cpr=person.cpr,
            first_name=person.first_name,
            last_name=person.last_name,
        )

    def employer_user(self, company: _Company, *, contact: str) -> User:
        if company.cvr not in self.employer_users:
            first, _, last = contact.partition(" ")
            self.employer_users[company.cvr] = User.objects.create_user(
                username=f"mitid-erhverv-{company.cvr}",
                password=None,
                role=Role.EMPLOYER,
                cvr=company.cvr,
                first_name=first,
                last_name=last,
            )
        return self.employer_users[company.cvr]

    # -- profiles

    def stages(self, n: int) -> list[str]:
        counts = {RECEIVED: round(0.15 * n), INVESTIGATING: round(0.20 * n), HEARING: round(0.10 * n)}
        if n >= 8:
            counts = {stage: max(1, count) for stage, count in counts.items()}
        decided = n - sum(counts.values())
        partial = round(0.12 * decided)
        refusal = round(0.12 * decided)
        if decided >= 6:
            partial, refusal = max(1, partial), max(1, refusal)
        stages = [stage for stage, count in counts.items() for _ in range(count)]
        stages += [PARTIAL] * partial + [REFUSAL] * refusal + [GRANT] * (decided - partial - refusal)
        self.rng.shuffle(stages)
        return stages

    def deck(self, weights: Mapping[T, int], n: int) -> list[T]:
        """`n` values in the proportions of `weights` (largest remainder), shuffled.

        Dealing from a deck instead of drawing each case on its own keeps a small caseload (25 or 60
        cases) close to the audit's shares, e.g. 84/16 time-limited against until further notice.
        """
        weights = {key: weight for key, weight in weights.items() if weight > 0}
        total = sum(weights.values())
        exact = {key: n * weight / total for key, weight in weights.items()}
        counts = {key: int(value) for key, value in exact.items()}
        by_remainder = sorted(weights, key=lambda key: exact[key] - counts[key], reverse=True)
        for key in by_remainder[: n - sum(counts.values())]:
            counts[key] += 1
        values = [key for key in weights for _ in range(counts[key])]
        self.rng.shuffle(values)
        return values

    def mix(self, stages: Sequence[str]) -> list[dict[str, Any]]:
        """Each case's impairment, gender, age, employment form, hours and period, dealt from decks.

        The impairment is dealt over all cases; gender, age, employment form and hours within each
        impairment group from that group's column of the case mix; the period over the (partial) grants.
        """
        n = len(stages)
        options: list[dict[str, Any]] = [{"impairment": value} for value in self.deck(_IMPAIRMENT_WEIGHTS, n)]
        for impairment in _IMPAIRMENT_WEIGHTS:
            group = [i for i in range(n) if options[i]["impairment"] == impairment]
            male, female = _MALE_FEMALE[impairment]
            columns: dict[str, Mapping[Any, int]] = {
                "male": {True: male, False: female},
                "age_bracket": dict(enumerate(_AGE_WEIGHTS[impairment])),
                "form": _EMPLOYMENT_WEIGHTS[impairment],
                "hours_bracket": dict(enumerate(_HOURS_WEIGHTS[impairment])),
            }
            for key, weights in columns.items():
                for index, value in zip(group, self.deck(weights, len(group)), strict=True):
                    options[index][key] = value
        granting = [i for i, stage in enumerate(stages) if stage in (GRANT, PARTIAL)]
        limited, ufn = (sum(column) for column in zip(*_UNTIL_FURTHER_NOTICE.values(), strict=True))
        for index, value in zip(granting, self.deck({False: limited, True: ufn}, len(granting)), strict=True):
            options[index]["until_further_notice"] = value
        return options

    def assistance_types(self, impairment: str) -> list[str]:
        column = _COLUMN[impairment]
        pool = {kind: weights[column] for kind, weights in _TYPE_WEIGHTS.items() if weights[column] > 0}
        chosen: list[str] = []
        for _ in range(self.weighted({1: 60, 2: 33, 3: 7})):
            kind = self.weighted(pool)
            chosen.append(kind)
            del pool[kind]
        # A deaf person's need is interpreting; the audit counts those cases on their own.
        return ["sign"] if "sign" in chosen else chosen

    def impairment_text(self, impairment: str, types: Sequence[str]) -> str:
        if "sign" in types:
            return self.pick(_IMPAIRMENT_TEXTS["deaf"])
        if impairment == "physical" and "reading" in types:
            return self.pick(_IMPAIRMENT_TEXTS["sight"])
        if impairment == "physical" and "driving" in types:
            return self.pick(_IMPAIRMENT_TEXTS["no_driving"])
        return self.pick(_IMPAIRMENT_TEXTS[impairment])

    def profile(
        self,
        stage: str,
        municipality: Municipality,
        *,
        registrar: User | None = None,
        impairment: str | None = None,
        male: bool | None = None,
        age_bracket: int | None = None,
        types: list[str] | None = None,
        form: str | None = None,
        hours_bracket: int | None = None,
        until_further_notice: bool | None = None,
        company: _Company | None = None,
        channel: str | None = None,
        received_window: tuple[int, int] = (1, 45),
    ) -> _Profile:
        r = self.rng
        impairment = impairment or self.weighted(_IMPAIRMENT_WEIGHTS)
        if male is None:
            male_weight, female_weight = _MALE_FEMALE[impairment]
            male = self.weighted({True: male_weight, False: female_weight})
        if age_bracket is None:
            age_bracket = self.weighted(dict(enumerate(_AGE_WEIGHTS[impairment])))
        low, high = _AGE_BRACKETS[age_bracket]
        age = r.randint(low, high)
        types = types or self.assistance_types(impairment)
        form = form or self.weighted(_EMPLOYMENT_WEIGHTS[impairment])
        if until_further_notice is None:
            limited, ufn = _UNTIL_FURTHER_NOTICE[impairment]
            until_further_notice = self.weighted({False: limited, True: ufn})
        bracket = (
            hours_bracket
            if hours_bracket is not None
            else self.weighted(dict(enumerate(_HOURS_WEIGHTS[impairment])))
        )
        low, high = _HOURS_BRACKETS[bracket]
        top = high * 2 if bracket >= len(_HOURS_BRACKETS) - 2 else high * 2 + 1
        hours = _half_hours(r.randint(max(low * 2, 2), top))
        if "sign" in types:
            hours = min(hours, Decimal(8))  # interpreting is booked for meetings and courses, not all day

        person = self.new_person(municipality, male=male, age=age)
        office_only = "reading" in types
        if form == EmploymentForm.SELF_EMPLOYED:
            trades = [t for t in _TRADES if t[3] == "office"] if office_only else list(_TRADES)
            trade, job, core, tag = self.pick(trades)
            name = self.pick(
                [f"{person.last_name}s {trade}", f"{trade} v/{person.name}", f"{trade} {person.last_name}"]
            )
            town = self.weighted({t: t.weight for t in _towns(municipality)})
            company = self.new_company(
                name=name,
                tag=tag,
                postcode=town.postcode,
                city=town.city,
                street=self.pick(town.streets),
                jobs=((job, core),),
                founded=self.today - _days(r.randint(3 * 365, 25 * 365)),
            )
            working_hours = Decimal(self.pick([37, 37, 40, 45]))
        else:
            if company is None:
                candidates = self.companies[municipality.code]
                if office_only:
                    candidates = [c for c in candidates if c.tag == "office"] or candidates
                company = self.pick(candidates)
            job, core = self.pick(company.jobs)
            if form == EmploymentForm.FLEX_JOB:
                working_hours = Decimal(r.randint(12, 25))
            elif form == EmploymentForm.PENSIONER:
                working_hours = Decimal(self.pick([12, 15, 18, 20, 25, 30]))
            else:
                working_hours = Decimal(self.pick([37, 37, 37, 37, 37, 32, 30, 25]))
        # Assistance never reaches the working hours: the person does the core of the job alone.
        if hours > working_hours - 2:
            if form in (EmploymentForm.FLEX_JOB, EmploymentForm.PENSIONER):
                working_hours = min(Decimal(37), hours + r.randint(4, 10))
            hours = min(hours, working_hours - 2)
        hours = max(hours, Decimal(1))
        # Most part-time applications stay within the proportional standard limit (20 × hours / 37);
        # above it needs a concrete assessment, which the audit saw rarely.
        standard_limit = pa.weekly_hours_limit(working_hours, "standard")
        if hours > standard_limit and bracket < len(_HOURS_BRACKETS) - 1 and r.random() < 0.8:
            hours = max(standard_limit, Decimal(1))

        plans_refusal = stage == REFUSAL or (stage == HEARING and r.random() < 0.5)
        plans_partial = stage == PARTIAL or (stage == HEARING and not plans_refusal)
        reheard = stage == INVESTIGATING and r.random() < 0.2
        has_gp = r.random() < 0.75
        profile = _Profile(
            stage=stage,
            municipality=municipality,
            registrar=registrar
            or self.weighted({self.users["sagsbehandler"]: 7, self.users["sagsbehandler2"]: 3}),
            person=person,
            impairment=impairment,
            impairment_text=self.impairment_text(impairment, types),
            types=types,
            form=form,
            company=company,
            job=job,
            core_task=core,
            hours=hours,
            granted=hours,
            working_hours=working_hours,
            until_further_notice=until_further_notice,
            channel=channel or self.weighted({Channel.PAPER: 65, Channel.ONLINE: 25, Channel.EMAIL: 10}),
            has_gp=has_gp,
            reheard=reheard,
            received_window=received_window,
            hearing_answered=stage != REFUSAL or r.random() < 0.5,
            raised_rate=r.random() < 0.1,
            travel=r.random() < 0.1,
        )
        if plans_refusal:
            reasons = ["incompatible"]
            if has_gp:
                reasons.append("not_permanent")
            if "relief" in types:
                reasons.append("aids")
            profile.refusal_reason = self.pick(reasons)
        if plans_partial or reheard:
            if profile.hours < 3:
                profile.hours = _half_hours(r.randint(6, 12))
                profile.working_hours = max(profile.working_hours, profile.hours + 4)
            cut_units = max(1, round(int(profile.hours * 2) * r.uniform(0.2, 0.4)))
            profile.granted = profile.hours - _half_hours(cut_units)
            cut_kind = next((k for k in ("sign", "reading") if k in types), None) or (
                "mental" if impairment == "mental" else "physical"
            )
            profile.cut = self.pick(_PARTIAL_CUTS[cut_kind])
        profile.assistants = self.assistants(profile)
        profile.rows = self.dialog_rows(profile)
        return profile

    def assistants(self, p: _Profile) -> list[dict[str, str]]:
        if "sign" in p.types:
            return [{"kind": AssistantKind.EXTERNAL, "name": self.interpreter_agency.name, "cpr": ""}]
        if p.form == EmploymentForm.SELF_EMPLOYED or self.rng.random() < 0.35:
            return [{"kind": AssistantKind.EXTERNAL, "name": self.pick(_ASSISTANCE_AGENCIES), "cpr": ""}]
        result = []
        for _ in range(self.weighted({1: 80, 2: 20})):
            colleague = self.new_person(
                p.municipality, male=self.rng.random() < 0.5, age=self.rng.randint(22, 60)
            )
            result.append({"kind": AssistantKind.INTERNAL, "name": colleague.name, "cpr": colleague.cpr})
        return result

    def dialog_rows(self, p: _Profile) -> list[dict[str, Any]]:
        r = self.rng
        supported: list[tuple[str, str]] = []
        for kind in p.types:
            key = f"relief:{p.company.tag}" if kind == "relief" else kind
            pool = [t for t in _TASKS[key] if t not in supported]
            supported += r.sample(pool, min(len(pool), self.weighted({1: 60, 2: 40})))
        units = int(p.granted * 2)  # half hours the assistance tasks add up to
        supported = supported[: max(1, units)]
        cuts = sorted(r.sample(range(1, units), len(supported) - 1)) if len(supported) > 1 else []
        shares = [b - a for a, b in zip([0, *cuts], [*cuts, units], strict=True)]
        rows: list[dict[str, Any]] = [
            {
                "task": task,
                "minutes_per_week": share * 30,
                "ability": self.weighted({Ability.SUPPORT: 2, Ability.CANNOT: 1}),
                "assistant_does": does,
            }
            for (task, does), share in zip(supported, shares, strict=True)
        ]
        if p.cut is not None:
            minutes = int((p.hours - p.granted) * 60)
            rows.append({"task": p.cut[0], "minutes_per_week": minutes, "ability": Ability.ALONE})
        alone = int((p.working_hours - p.hours) * 60) // 15 * 15
        if alone > 0:
            other = (
                "Kundekontakt og tilbud" if p.form == EmploymentForm.SELF_EMPLOYED else "Møder med kolleger"
            )
            meetings = min(alone // 4 // 15 * 15, 180)
            rows.append({"task": p.core_task, "minutes_per_week": alone - meetings, "ability": Ability.ALONE})
            if meetings:
                rows.append({"task": other, "minutes_per_week": meetings, "ability": Ability.ALONE})
        for row in rows:
            row.setdefault("assistant_does", "")
        return rows

    # -- the plan: on which days each step happens

    def plan(self, p: _Profile) -> _Plan:
        r, today = self.rng, self.today

        def back(day: dt.date, low: int, high: int) -> dt.date:
            return _previous_workday(day - _days(r.randint(low, high)))

        def forward(day: dt.date, low: int, high: int) -> dt.date:
            return min(_next_workday(day + _days(r.randint(low, high))), self.last_day)

        if p.stage in (RECEIVED, AWAITING):
            plan = _Plan(received=back(today, *p.received_window))
        elif p.stage == INVESTIGATING:
            plan = _Plan(received=today)
            if p.reheard:
                plan.response = back(today, 1, 4)
                plan.hearing = back(plan.response, 4, 10)
                plan.dialog = back(plan.hearing, 0, 3)
            else:
                plan.dialog = back(today, 1, 20)
            plan.active = back(plan.dialog, 0, 6)
            plan.received = back(plan.active, 2, 12)
        elif p.stage == HEARING:
            plan = _Plan(received=today, hearing=back(today, 1, 11))
            assert plan.hearing is not None
            plan.dialog = back(plan.hearing, 0, 4)
            plan.active = back(plan.dialog, 0, 6)
            plan.received = back(plan.active, 2, 12)
        else:
            received = _next_workday(today - _days(r.randint(45, 425)))
            plan = _Plan(received=received, active=forward(received, 1, 8))
            assert plan.active is not None
            plan.dialog = forward(plan.active, 0, 4)
            if p.stage == GRANT:
                late = r.randint(8, 25) if r.random() < 0.18 else 0  # 81 % are decided within 4 weeks
                plan.decision = forward(plan.dialog, 1 + late, 9 + late)
            else:
                plan.hearing = forward(plan.dialog, 1, 4)
                if p.hearing_answered:
                    plan.response = forward(plan.hearing, 3, 12)
                    plan.decision = forward(plan.response, 1, 5)
                else:
                    plan.decision = forward(deadlines.hearing_deadline(plan.hearing), 1, 4)
        first_step = plan.active or self.last_day
        plan.registered = max(
            plan.received, min(_next_workday(plan.received + _days(r.choice([0, 0, 1, 2]))), first_step)
        )
        # The citizen signs online a few days before the employer co-signs (the case opens on receipt).
        plan.submitted = plan.received if p.stage == AWAITING else plan.received - _days(r.randint(1, 6))
        return plan

    # -- texts

    def application_fields(self, p: _Profile, plan: _Plan) -> dict[str, Any]:
        r = self.rng
        if r.random() < 0.15:
            period_from = plan.received - _days(r.randint(10, 80))  # retroactive, within 3 months
        else:
            period_from = plan.received + _days(r.randint(0, 30))
        period_to = None
        if not p.until_further_notice:
            period_to = pa.add_months(period_from, 12 * self.weighted({1: 3, 2: 3, 3: 2})) - _days(1)
        tasks = [row["task"] for row in p.rows if row["ability"] != Ability.ALONE]
        if p.cut is not None:
            tasks.append(p.cut[0])
        employee = p.form != EmploymentForm.SELF_EMPLOYED
        return {
            "job_title": p.job,
            "phone": "",
            "email": "",
            "employment_type": EmploymentType.EMPLOYEE if employee else EmploymentType.SELF_EMPLOYED,
            "employment_form": p.form,
            "impairment_description": p.impairment_text,
            "tasks_description": "; ".join([tasks[0], *(t.lower() for t in tasks[1:])]) + ".",
            "hours_sought": p.hours,
            "hours_without_assistance": p.working_hours - p.hours,
            "period_from": period_from,
            "period_to": period_to,
            "until_further_notice": p.until_further_notice,
            "travel": p.travel,
            "travel_description": "Messer og kundemøder i Danmark 3–4 gange om året." if p.travel else "",
            "assistant_approved": True,
        }

    def employer_fields(self, p: _Profile, plan: _Plan) -> dict[str, Any]:
        if p.form == EmploymentForm.SELF_EMPLOYED:
            contact, role = p.person.name, "owner"
            start = plan.received - _days(self.rng.randint(2 * 365, 20 * 365))
        else:
            male = self.rng.random() < 0.5
            first = self.pick(_MALE_NAMES_OLDER if male else _FEMALE_NAMES_OLDER)
            contact, role = f"{first} {self.pick(_LAST_NAMES)}", self.pick(["hr", "management", "owner"])
            new_job = "introduction" in p.types
            start = plan.received - _days(self.rng.randint(5, 60) if new_job else self.rng.randint(90, 6000))
        return {
            "employer_contact_name": contact,
            "employer_contact_role": role,
            "working_hours": p.working_hours,
            "employment_start": start,
        }

    def gp_statement(self, p: _Profile, day: dt.date) -> SimpleUploadedFile:
        outlook = (
            "Tilstanden forventes bedret væsentligt inden for 6 måneder."
            if p.refusal_reason == "not_permanent"
            else "Tilstanden vurderes at være varig."
        )
        content = demo_pdf(
            [
                "LÆGEATTEST - FIKTIV (demodata)",
                "",
                f"Patient: {p.person.name}, født {p.person.birth:%d.%m.%Y}",
                f"Funktionsnedsættelse: {p.impairment_text}",
                outlook,
                f"Dato: {day:%d.%m.%Y}",
                f"Lægehuset i {p.person.city or p.municipality.name} (fiktivt)",
            ]
        )
        return SimpleUploadedFile(
            f"laegeattest-{p.person.last_name.lower()}.pdf", content, content_type="application/pdf"
        )

    def contract(self, p: _Profile, fields: Mapping[str, Any]) -> tuple[SimpleUploadedFile, str]:
        if p.form == EmploymentForm.SELF_EMPLOYED:
            lines = [
                "DOKUMENTATION FOR SELVSTÆNDIG VIRKSOMHED - FIKTIV (demodata)",
                f"{p.company.name}, CVR {p.company.cvr}, ejer {p.person.name}",
            ]
            doc_type = DocumentType.OTHER
        else:
            lines = [
                "ANSÆTTELSESKONTRAKT - FIKTIV (demodata)",
                f"{p.company.name} (CVR {p.company.cvr}) ansætter {p.person.name}",
                f"Stilling: {p.job}, {_hours_text(p.working_hours)} timer om ugen",
                f"Ansat fra {fields['employment_start']:%d.%m.%Y}",
            ]
            doc_type = DocumentType.CONTRACT
        upload = SimpleUploadedFile("kontrakt.pdf", demo_pdf(lines), content_type="application/pdf")
        return upload, doc_type

    def investigation_data(self, p: _Profile) -> dict[str, Any]:
        first = p.person.first_name
        hours = p.hours if p.stage == INVESTIGATING and not p.reheard else p.granted
        tier = "standard" if p.plans_refusal else pa.required_tier(hours, p.working_hours) or "standard"
        concrete = ""
        if tier != "standard":
            limit = pa.weekly_hours_limit(p.working_hours, "standard")
            why = (
                "flere funktionsnedsættelser, som tilsammen giver et større behov"
                if p.impairment == "both"
                else "en meget betydelig funktionsnedsættelse"
            )
            concrete = (
                f"{first} har {why} ({p.impairment_text.lower()}). Dialogskemaet viser et behov på "
                f"{_hours_text(hours)} timer om ugen, som overstiger standardgrænsen på {_hours_text(limit)} "
                f"timer ved {_hours_text(p.working_hours)} timers arbejdstid. Behovet er vurderet konkret "
                "ved virksomhedsbesøget, og det kan ikke dækkes af hjælpemidler."
            )
        if p.refusal_reason == "incompatible":
            compatibility = (
                f"Jobbet som {p.job.lower()} er ikke foreneligt med funktionsnedsættelsen: assistenten ville "
                f"skulle udføre kerneopgaven «{p.core_task.lower()}», ikke kun støttende opgaver."
            )
        else:
            compatibility = (
                f"{first} varetager selv kerneopgaven «{p.core_task.lower()}» og hovedparten af arbejdet som "
                f"{p.job.lower()}. Assistenten løser kun de støttende opgaver i dialogskemaet og bliver "
                "ikke medhjælper eller stedfortræder."
            )
        flex = pa_covers = ""
        if p.form == EmploymentForm.FLEX_JOB:
            flex = (
                f"Fleksjobbet på {_hours_text(p.working_hours)} timer om ugen kompenserer for nedsat "
                "arbejdstempo, hyppige pauser og færre timer."
            )
            supported = ", ".join(row["task"].lower() for row in p.rows if row["ability"] != Ability.ALONE)
            pa_covers = (
                f"De konkrete opgaver i dialogskemaet ({supported}), som {first} ikke kan udføre uanset "
                "tempo og arbejdstid."
            )
        no_documentation = ""
        if not p.has_gp:
            no_documentation = (
                "Døvheden er dokumenteret i en tidligere bevilling af tegnsprogstolk; ny dokumentation er "
                "ikke nødvendig."
                if "sign" in p.types
                else self.pick(_NO_DOCUMENTATION)
            )
        return {
            "working_hours": p.working_hours,
            "impairment_type": p.impairment,
            "no_documentation_reason": no_documentation,
            "compatibility_assessment": compatibility,
            "aids_considered": " ".join(_AIDS[kind] for kind in p.types),
            "flex_job_compensation": flex,
            "pa_covers": pa_covers,
            "tier": tier,
            "concrete_assessment": concrete,
        }

    def hearing_facts(self, p: _Profile, visit: dt.date) -> str:
        if p.refusal_reason == "incompatible":
            return (
                f"Ved vores besøg på arbejdspladsen den {visit:%d.%m.%Y} kom det frem, at assistenten skal "
                f"varetage {p.core_task.lower()}, som er kerneopgaven i jobbet som {p.job.lower()}. "
                "Personlig assistance kan ikke dække kerneopgaverne i et job "
                "(kompensationsloven § 6 stk. 3). Vi påtænker derfor at give afslag."
            )
        if p.refusal_reason == "aids":
            return (
                "Arbejdspladsvurderingen viser, at løftene kan klares med en vakuumløfter og et løftebord, "
                "som virksomheden har fået som hjælpemiddel. Vi påtænker derfor at give afslag, fordi der "
                "ikke er et behov for personlig assistance ud over hjælpemidlerne."
            )
        if p.refusal_reason == "not_permanent":
            return (
                "Lægeattesten fra din egen læge beskriver, at funktionsnedsættelsen forventes at blive "
                "væsentligt bedre inden for 6 måneder. Vi påtænker derfor at give afslag, fordi "
                "funktionsnedsættelsen ikke er varig (kompensationsloven § 4)."
            )
        assert p.cut is not None
        return (
            f"Dialogskemaet viser et behov for assistance på {_hours_text(p.granted)} timer om ugen. "
            f"Opgaven «{p.cut[0].lower()}» vurderer vi, at du selv kan klare med {p.cut[1]}. "
            f"Vi påtænker derfor at bevilge {_hours_text(p.granted)} timer om ugen i stedet for de "
            f"{_hours_text(p.hours)} timer, du har søgt."
        )

    def decision_data(self, p: _Profile, case: Case) -> dict[str, Any]:
        first = p.person.first_name
        if p.stage == REFUSAL:
            reasons = {
                "incompatible": (
                    f"Jobcentret vurderer, at jobbet som {p.job.lower()} ikke er foreneligt med din "
                    f"funktionsnedsættelse, fordi assistenten ville skulle varetage kerneopgaven "
                    f"«{p.core_task.lower()}». Personlig assistance gives kun til støttende opgaver, ikke "
                    "som medhjælper eller stedfortræder (kompensationsloven § 6 stk. 3 og "
                    "bekendtgørelsens § 14)."
                ),
                "aids": (
                    "Jobcentret har vurderet dit behov konkret. Løftene i jobbet klares med de hjælpemidler, "
                    "virksomheden har fået, og der er ikke et behov for personlig assistance ud over "
                    "hjælpemidlerne (kompensationsloven § 6; Ankestyrelsens principafgørelse 151-12)."
                ),
                "not_permanent": (
                    "Funktionsnedsættelsen forventes ifølge lægeattesten at blive væsentligt bedre inden "
                    "for 6 måneder. Den er derfor ikke varig, og betingelsen i kompensationsloven § 4 og "
                    "bekendtgørelsens § 10 er ikke opfyldt. Du kan søge igen, hvis tilstanden ændrer sig."
                ),
            }[p.refusal_reason]
            return {"outcome": Outcome.REFUSAL, "reasons": reasons}
        received = case.received_on
        application = case.application
        assert application.period_from is not None
        start = max(application.period_from, pa.earliest_start(received))
        supported = ", ".join(row["task"].lower() for row in p.rows if row["ability"] != Ability.ALONE)
        reasons = (
            f"{first} har en varig og betydelig funktionsnedsættelse, som er dokumenteret. {first} varetager "
            f"selv kerneopgaverne som {p.job.lower()}, og jobbet er foreneligt med funktionsnedsættelsen. "
            f"Dialogskemaet viser et behov for assistance på {_hours_text(p.granted)} timer om ugen til "
            f"{supported}. Der bevilges derfor {_hours_text(p.granted)} timer om ugen (kompensationsloven "
            "§§ 4–6 og bekendtgørelsens § 15)."
        )
        if p.stage == PARTIAL and p.cut is not None:
            reasons += (
                f" Opgaven «{p.cut[0].lower()}» kan {first} selv klare med {p.cut[1]}, og den indgår derfor "
                f"ikke. Der bevilges dermed færre timer end de {_hours_text(p.hours)} timer, der er søgt om."
            )
        period: dict[str, Any]
        if p.until_further_notice:
            period = {
                "period_type": PeriodType.UNTIL_FURTHER_NOTICE,
                "end_date": None,
                "period_reason": self.pick(
                    [
                        "Funktionsnedsættelsen er varig og stabil, og behovet for assistance forventes ikke "
                        "at ændre sig.",
                        "Behovet er uændret gennem flere år og knytter sig til faste opgaver i jobbet.",
                    ]
                ),
            }
        else:
            end = application.period_to
            if end is None or end <= start:
                end = pa.add_months(start, 12) - _days(1)
            period = {
                "period_type": PeriodType.TIME_LIMITED,
                "end_date": end,
                "period_reason": self.pick(
                    [
                        "Bevillingen er tidsbegrænset, fordi behovet forventes at ændre sig, når du er "
                        "fuldt oplært i jobbet.",
                        "Bevillingen følger den periode, der er søgt om, så behovet kan vurderes igen.",
                    ]
                    + (["Bevillingen følger fleksjobaftalens periode."] if p.form == "flex_job" else [])
                    + (
                        ["Bevillingen er tidsbegrænset, fordi ansættelsen er tidsbegrænset."]
                        if p.form != EmploymentForm.SELF_EMPLOYED
                        else []
                    )
                ),
            }
        rate: dict[str, Any] = {"rate_type": RateType.STANDARD, "rate_reason": ""}
        if p.raised_rate and "sign" not in p.types:
            rate = {
                "rate_type": RateType.RAISED,
                "rate_reason": (
                    "assistenten skal have faglig indsigt i opgaverne for at kunne kvalitetssikre dem"
                ),
            }
        return {
            "outcome": Outcome.PARTIAL_GRANT if p.stage == PARTIAL else Outcome.GRANT,
            "hours_per_week": p.granted,
            "start_date": start,
            "reasons": reasons,
            **period,
            **rate,
        }

    # -- building a case

    def open_online(self, p: _Profile, plan: _Plan) -> Case | None:
        citizen = self.citizen_user(p.person)
        assert plan.submitted is not None
        self.at(plan.submitted)
        application = services.application_start(user=citizen)
        fields = self.application_fields(p, plan)
        services.application_update(
            application=application, user=citizen, data=fields | {"employer_cvr": p.company.cvr}
        )
        services.application_set_assistants(
            application=application, user=citizen, assistants=p.assistants, approved=True
        )
        if p.has_gp:
            services.document_store(
                user=citizen,
                upload=self.gp_statement(p, plan.submitted),
                doc_type=DocumentType.GP,
                application=application,
            )
        services.application_submit(application=application, user=citizen, declaration=True)
        if p.stage == AWAITING:
            return None
        employer_data = self.employer_fields(p, plan)
        signer = self.employer_user(p.company, contact=employer_data["employer_contact_name"])
        self.at(plan.received)
        upload, doc_type = self.contract(p, employer_data)
        services.document_store(user=signer, upload=upload, doc_type=doc_type, application=application)
        return services.application_cosign(
            application=application, user=signer, data=employer_data, declaration=True
        )

    def open_paper(self, p: _Profile, plan: _Plan) -> Case:
        assert plan.registered is not None
        self.at(plan.registered)
        data = {
            "cpr": p.person.cpr,
            "employer_cvr": p.company.cvr,
            "received_on": plan.received,
            "channel": p.channel,
            **self.application_fields(p, plan),
            **self.employer_fields(p, plan),
        }
        uploads = [(self.gp_statement(p, plan.received), DocumentType.GP)] if p.has_gp else []
        return services.application_register_paper(
            user=p.registrar, data=data, assistants=p.assistants, uploads=uploads
        )

    def build(self, p: _Profile) -> Case | None:
        self.cursor = None
        plan = self.plan(p)
        case = self.open_online(p, plan) if p.channel == Channel.ONLINE else self.open_paper(p, plan)
        if case is None or p.stage == RECEIVED:
            return case
        user = p.registrar
        assert plan.active is not None and plan.dialog is not None
        self.at(plan.active)
        kind = self.pick(list(_ACTIVE_STEP_NOTES))
        services.case_record_active_step(
            case=case, user=user, kind=kind, on=plan.active, note=_ACTIVE_STEP_NOTES[kind]
        )
        self.at(plan.dialog)
        services.investigation_save(case=case, user=user, data=self.investigation_data(p))
        services.dialog_form_save(case=case, user=user, rows=p.rows)
        if self.rng.random() < 0.35:
            services.journal_note_add(case=case, user=user, text=self.pick(_JOURNAL_NOTES))
        if p.stage == INVESTIGATING and not p.reheard:
            return case
        if plan.hearing is not None:
            self.at(plan.hearing)
            hearing = services.hearing_send(case=case, user=user, facts=self.hearing_facts(p, plan.active))
            if plan.response is not None:
                self.at(plan.response)
                answers = _HEARING_ANSWERS_REFUSAL if p.plans_refusal else _HEARING_ANSWERS_PARTIAL
                services.hearing_record_response(
                    hearing=hearing, user=user, received_on=plan.response, response=self.pick(answers)
                )
        if not p.decided:
            return case
        assert plan.decision is not None
        self.at(plan.decision)
        case.refresh_from_db()
        decision = services.decision_draft(
            case=case,
            user=user,
            data=self.decision_data(p, case),
            assistant_ids=list(case.application.assistants.values_list("pk", flat=True)),
        )
        services.decision_send(decision=decision, user=user)
        return case

    # -- the whole caseload

    def run(self, cases: int) -> None:
        self.register_companies()
        self.create_users()
        main, caseworker2 = self.main, self.users["sagsbehandler2"]
        stages = self.stages(cases)
        grants = [i for i, stage in enumerate(stages) if stage == GRANT]
        received = [i for i, stage in enumerate(stages) if stage == RECEIVED]
        # Slots forced so every screen has something to show, whatever the seed.
        forced: dict[int, dict[str, Any]] = {}
        showcase = [
            # The demo employer's decided case: `virksomhed` sees the decision letter.
            {
                "company": self.demo_employer,
                "form": EmploymentForm.ORDINARY,
                "channel": Channel.ONLINE,
                "hours_bracket": 1,
            },
            # More than 20 hours a week: tier "extended" with a concrete assessment.
            {
                "impairment": "both",
                "types": ["relief", "structuring"],
                "form": EmploymentForm.ORDINARY,
                "hours_bracket": 4,
            },
            # Flex job: what the flex job compensates for, and what personal assistance covers.
            {"form": EmploymentForm.FLEX_JOB, "hours_bracket": 0},
            # Sign-language interpreting by the interpreter agency, until further notice.
            {"impairment": "physical", "types": ["sign"], "until_further_notice": True, "hours_bracket": 0},
        ]
        for index, overrides in zip(grants, showcase, strict=False):
            forced[index] = overrides
        if received:
            # A fresh paper application in the second caseworker's inbox.
            forced[received[0]] = {
                "registrar": caseworker2,
                "channel": Channel.PAPER,
                "received_window": (1, 5),
            }
        if len(received) > 1:
            forced[received[1]] = {"received_window": (30, 45)}  # overdue: past the 4-week target
        mix = self.mix(stages)
        for index, stage in enumerate(stages):
            self.build(self.profile(stage, main, **(mix[index] | forced.get(index, {}))))
        # An online application waiting for the demo employer's signature (no case until it signs).
        waiting = self.profile(
            AWAITING,
            main,
            company=self.demo_employer,
            form=EmploymentForm.ORDINARY,
            channel=Channel.ONLINE,
            received_window=(3, 6),
        )
        self.build(waiting)
        # A few cases in Aarhus: the `aarhus` caseworker sees these and never Herning's.
        if self.other.pk != main.pk:
            aarhus = self.users["aarhus"]
            for stage in [RECEIVED, INVESTIGATING, GRANT][:TENANCY_CASES]:
                self.build(self.profile(stage, self.other, registrar=aarhus, channel=Channel.PAPER))


# --- public API --------------------------------------------------------------------------------------

DEMO_USERNAMES = (
    "sagsbehandler",
    "sagsbehandler2",
    "ydelse",
    "leder",
    "aarhus",
    "virksomhed",
    "tolk",
    "borger",
    "star",
)


def generate(
    *,
    municipality_code: str = "657",
    cases: int = 60,
    seed: int = 2026,
    with_letters: bool = True,
    today: dt.date | None = None,
) -> DemoResult:
    """Create the demo logins and `cases` PA cases in the municipality; do nothing if they exist.

    `with_letters=False` skips WeasyPrint (a tiny stand-in PDF per letter), for benchmarks and tests.
    """
    main = Municipality.objects.filter(code=municipality_code).first()
    if main is None:
        raise ValueError(f"Kommunekode {municipality_code} findes ikke. Kør migrate først.")
    if User.objects.filter(username__in=DEMO_USERNAMES).exists():
        return _result(main, created=False)
    other_code = OTHER_MUNICIPALITY_CODE if municipality_code != OTHER_MUNICIPALITY_CODE else "657"
    other = Municipality.objects.get(code=other_code)
    clock = _Clock()
    generator = _Generator(
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
    return _result(main, created=True)


def _result(main: Municipality, *, created: bool) -> DemoResult:
    cases = Case.objects.filter(municipality=main)
    by_status = Counter(cases.values_list("status", flat=True))
    by_outcome = Counter(
        Decision.objects.filter(case__municipality=main, sent_at__isnull=False).values_list(
            "outcome", flat=True
        )
    )
    return DemoResult(
        created=created,
        municipality=str(main),
        logins=list(_logins()),
        cases=cases.count(),
        cases_by_status={status: by_status.get(status, 0) for status in CaseStatus.values},
        decisions_by_outcome={outcome: by_outcome.get(outcome, 0) for outcome in Outcome.values},
        applications_awaiting_employer=Application.objects.filter(
            status=ApplicationStatus.AWAITING_EMPLOYER
        ).count(),
        tenancy_cases=Case.objects.exclude(municipality=main).count(),
        people=OfflineCprRecord.objects.count(),
        companies=OfflineCvrRecord.objects.count(),
        documents=Document.objects.count(),
        letters_sent=Letter.objects.filter(sent_at__isnull=False).count(),
    )


def _logins() -> Iterator[DemoLogin]:
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
        "sagsbehandler": "Indbakken med frister: oplys sager, send partshøring, træf afgørelse, se breve.",
        "sagsbehandler2": "Kollega i samme kommune: har en ny papiransøgning i sin indbakke.",
        "ydelse": "Ydelsesmedarbejder: ser kommunens bevillinger og afgjorte sager.",
        "leder": "Leder: overblik over alle kommunens sager, frister og afgørelser.",
        "aarhus": "Sagsbehandler i Aarhus: ser kun Aarhus' egne sager, aldrig Hernings.",
        "virksomhed": (
            f"{company_text}: underskriv ansøgningen fra "
            f"{waiting.person.name if waiting else 'en medarbejder'}; se afgørelsesbreve."
        ),
        "tolk": (
            f"Tolkevirksomhed ({agency_record.name if agency_record else 'demo'}): rollen til tolkefakturaer "
            "(kommer senere); i dag vises siden «Ingen adgang»."
        ),
        "borger": f"Borger uden sag: søg personlig assistance digitalt med {company_text} som arbejdsgiver.",
        "star": "STAR, national læseadgang (kommer senere); i dag vises siden «Ingen adgang».",
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
