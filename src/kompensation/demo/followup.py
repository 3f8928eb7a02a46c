"""Demo follow-up: plans and records, questionnaires, renewals, change reports and inspection visits.

Runs last in `generate`, under the stand-in clock, after every case, payment, complaint and interpreting
invoice, so a seed gives the same data as before follow-up came. The cases' grants already carry their
first follow-up (opened when the decision was sent); each part below works on them through the services.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from kompensation.accounts.models import Municipality, User

from . import followup_changes, followup_plans, followup_questionnaires, followup_renewals, followup_visits


@dataclass
class FollowUpDemo:
    rng: random.Random
    at: Callable[[dt.date], None]
    today: dt.date
    municipality: Municipality
    # Demo logins by user name ("sagsbehandler", "leder", "virksomhed", "borger", ...).
    users: dict[str, User]
    # Employer logins by CVR (the demo company's "virksomhed" and the MitID stand-ins).
    employer_users: dict[str, User]


def generate_followup(demo: FollowUpDemo) -> None:
    followup_plans.add(demo)
    followup_questionnaires.add(demo)
    followup_renewals.add(demo)
    followup_changes.add(demo)
    followup_visits.add(demo)
