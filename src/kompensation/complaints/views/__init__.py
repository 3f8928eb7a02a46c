"""Complaint pages, one module per part of the complaint's life (intake, re-assessment, Ankestyrelsen)."""
