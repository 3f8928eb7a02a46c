"""Demo data tables: first and last names, towns and streets, companies and trades. ALL FICTITIOUS."""

from __future__ import annotations

from dataclasses import dataclass

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
