"""Fictitious CPR and CVR numbers and their records in the offline registers."""

from __future__ import annotations

import datetime as dt

from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from kompensation.accounts.models import Municipality
from kompensation.payments.models import Agency
from kompensation.registers.models import OfflineCprRecord, OfflineCvrRecord

from .base import _GeneratorBase
from .clock import _days
from .names import (
    _ASSISTANCE_AGENCIES,
    _COMPANIES,
    _FEMALE_NAMES_OLDER,
    _FEMALE_NAMES_YOUNGER,
    _LAST_NAMES,
    _MALE_NAMES_OLDER,
    _MALE_NAMES_YOUNGER,
    _TOWNS,
    INTERPRETER_AGENCY_NAME,
    _Town,
)
from .records import _Company, _Person


def _towns(municipality: Municipality) -> tuple[_Town, ...]:
    """Herning and Aarhus have street names; another municipality gets generic ones without a postcode."""
    generic = ("Hovedgaden", "Skolevej", "Kirkevej", "Stationsvej", "Industrivej")
    return _TOWNS.get(municipality.code) or (_Town("", municipality.name, 1, generic),)


class _Registers(_GeneratorBase):
    """New people and companies, with numbers and records in the offline CPR and CVR registers."""

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
        company = self.interpreter_agency
        self.agency = Agency.objects.create(
            cvr=company.cvr,
            name=company.name,
            address="Fredensgade 12",
            postcode="7400",
            city="Herning",
            email="faktura@midtjysk-tegnsprog.example",
        )
        for name in _ASSISTANCE_AGENCIES:
            self.new_company(
                name=name, tag="office", postcode="7400", city="Herning", street="Bredgade", jobs=()
            )
