"""Synthetic panels with a known effect, built through the same imports an official would use."""

import numpy as np
import pytest
from stdnum.cl import rut as stdnum_rut

from panal.outcomes.imports import import_call_results, import_firm_panel
from tests.applications.conftest import (  # noqa: F401  (the applications tests' factories, reused here)
    _media_in_tmp_and_fast_passwords,
    complete_draft,
    make_applicant,
    make_call,
)

CALL_YEAR = 2022
YEARS = range(2019, 2025)
CUTOFF = 65.0


def make_rut(body: int) -> str:
    return f"{body}-{stdnum_rut.calc_check_digit(str(body))}"


def synthetic(n: int, effect: float, seed: int = 7, first_body: int = 76_000_000):
    """n firms: score U(40, 90); funded mostly above the cutoff (fuzzy); sales with firm and year effects and
    `effect` UF more per year after the call for the funded."""
    rng = np.random.default_rng(seed)
    score = rng.uniform(40, 90, n).round(3)
    above = score >= CUTOFF
    funded = np.where(above, rng.uniform(size=n) < 0.9, rng.uniform(size=n) < 0.1)
    firm = rng.normal(0, 20, n) + 2 * score
    results = ["rut;razon_social;puntaje;resultado;monto_clp"]
    panel = ["rut;anio;ventas_uf;compras_uf;trabajadores;remuneraciones_clp"]
    for i in range(n):
        rut = make_rut(first_body + i)
        outcome = "adjudicado" if funded[i] else "no_adjudicado"
        amount = "3500000" if funded[i] else ""
        results.append(f"{rut};Empresa Sintética {i} SpA;{score[i]};{outcome};{amount}")
        for year in YEARS:
            post = year > CALL_YEAR
            sales = 500 + firm[i] + 10 * (year - YEARS[0]) + (effect if funded[i] and post else 0) + rng.normal(0, 5)
            panel.append(f"{rut};{year};{sales:.2f};{sales * 0.6:.2f};{3 + i % 4};{12_000_000 + i}")
    return "\n".join(results).encode(), "\n".join(panel).encode()


def build_synthetic_call(
    n: int, effect: float, *, instrument="capital-abeja-emprende", year=CALL_YEAR, seed=7, first_body=76_000_000
):
    """Imports a synthetic call's results and its firms' panel (as an official would); returns the call."""
    from panal.catalog.selectors import calls

    results, panel = synthetic(n, effect, seed=seed, first_body=first_body)
    report = import_call_results(data=results, filename="r.csv", instrument=instrument, year=year, cutoff=str(CUTOFF))
    assert report.ok, report.issues[:3] or report.file_error
    report = import_firm_panel(data=panel, filename="p.csv", source="sii")
    assert report.ok, report.issues[:3] or report.file_error
    return next(c for c in calls(instrument_code=instrument) if c.year == year and c.code.endswith("historica"))


@pytest.fixture
def build_call(reference_data):
    return build_synthetic_call
