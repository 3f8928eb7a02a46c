"""Every state change of follow-up: one function, one transaction, one case event.

One module per part: plans (the follow-up plan and its deadlines), records (the seven checks and the
conclusion), questionnaires, change reports, renewals (reminders, lapse, renewal applications) and
inspection visits. Callers import from the module (`followup.services.plans`).
"""
