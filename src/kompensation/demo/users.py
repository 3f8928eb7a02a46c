"""The demo logins, and the applicants' and employers' own (passwordless) users."""

from __future__ import annotations

from typing import Any

from kompensation.accounts.models import Role, User

from .records import _Company, _Person
from .registers import _Registers

# Demo-only password for every demo login; `demo_data` prints it on screen. Never use it for anything real.
DEMO_PASSWORD = "demo-kompensation-2026"  # noqa: S105


class _Users(_Registers):
    """The demo logins and the users who apply and co-sign."""

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

        # Fictitious direct lines (the 99 99 xx xx range is not used by the municipalities) on every letter.
        user("sagsbehandler", Role.CASEWORKER, "Mette", "Kjær", municipality=self.main, phone="99 99 10 01")
        user("sagsbehandler2", Role.CASEWORKER, "Jonas", "Lund", municipality=self.main, phone="99 99 10 02")
        user("ydelse", Role.PAYMENT_OFFICER, "Hanne", "Bech", municipality=self.main, phone="99 99 10 03")
        user("leder", Role.MANAGER, "Peter", "Holm", municipality=self.main, phone="99 99 10 04")
        user("aarhus", Role.CASEWORKER, "Sofie", "Dahl", municipality=self.other, phone="99 99 20 01")
        self.employer_users[self.demo_employer.cvr] = user(
            "virksomhed", Role.EMPLOYER, "Lars", "Mikkelsen", cvr=self.demo_employer.cvr
        )
        user("tolk", Role.INTERPRETER_AGENCY, "Birgitte", "Skov", cvr=self.interpreter_agency.cvr)
        citizen = self.new_person(self.main, male=False, age=34, first_name="Camilla", last_name="Nørgaard")
        user("borger", Role.CITIZEN, citizen.first_name, citizen.last_name, cpr=citizen.cpr)
        user("star", Role.NATIONAL, "Anders", "Vestergaard")
        user("dpo", Role.DATA_PROTECTION, "Karen", "Lauridsen", municipality=self.main)

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
