"""Lovregler for kompensationsordningerne som ren Python.

Pakken må ikke importere Django eller andre dele af ``kompensation``: reglerne
skal kunne testes og genbruges (sagsbehandling, tilsyn, rapporter) uden en
database. Beløb og timer er altid ``Decimal``.

Henvisninger i docstrings:

* § – lov om kompensation til handicappede i erhverv m.v. (kompensationsloven),
  LBK nr. 108 af 03/02/2020.
* BEK § – bekendtgørelse nr. 1174 af 25/11/2019.
* FVL § – forvaltningsloven.
* RSL § – lov om retssikkerhed og administration på det sociale område.

Moduler: :mod:`.pa` (personlig assistance), :mod:`.deadlines` (frister og
arbejdsdage) og :mod:`.eligibility` (betingelser som data).
"""
