"""Demo data: a fictitious personal-assistance caseload built through the services (`make demo`)."""
