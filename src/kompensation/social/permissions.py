"""Who may work on a social case's own parts. Reading the case is the shared `cases.read_case`; changing it
is the shared `cases.change_case` (a caseworker of the case's municipality). The employer never sees a social
case: it is not a party to it (case_scope gives employers only cases with their CVR, and social cases have
no employer)."""

from __future__ import annotations

import rules
from kompensation.accounts.permissions import is_caseworker, is_citizen, is_municipal_staff
from kompensation.cases.permissions import in_case_municipality, is_application_person

rules.add_perm("social.read_social_case", is_municipal_staff & in_case_municipality)
rules.add_perm("social.change_social_case", is_caseworker & in_case_municipality)
rules.add_perm("social.register_social_case", is_caseworker)

# Mine sider: the citizen applies for themselves and reads the receipt of their own application only.
rules.add_perm("social.apply", is_citizen)
rules.add_perm("social.read_own_application", is_citizen & is_application_person)
