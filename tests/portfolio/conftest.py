"""Builders for portfolio tests: a funded call and registered beneficiaries (through the owners' services)."""

import itertools
from datetime import date

import pytest

_ruts = itertools.count(11_000_000)


def next_rut() -> str:
    """A valid RUT never used before in this test session."""
    from stdnum.cl import rut

    body = str(next(_ruts))
    return f"{body}-{rut.calc_check_digit(body)}"


@pytest.fixture
def builders(reference_data):
    from panal.catalog.selectors import get_call
    from panal.portfolio import services
    from panal.registry import services as registry

    class B:
        @staticmethod
        def call(code="sercotec-crece", budget=100_000_000):
            call = get_call(code)
            source = services.create_funding_source(
                code=f"src-{code}-{next(_ruts)}",
                name=f"Presupuesto Sercotec para {code}",
                kind="sectorial",
                agency_code="sercotec",
                year=2024,
                amount_clp=budget,
            )
            services.fund_call(call=call, source=source, amount_clp=budget)
            return call

        @staticmethod
        def person(commune="06101", sex="F", first_names="María José", last_names="Pérez Soto"):
            return registry.create_person(
                rut=next_rut(), first_names=first_names, last_names=last_names, sex=sex, commune=commune
            )

        @staticmethod
        def enterprise(commune="06301", sales_uf="1500", name="Comercial El Olivo SpA"):
            return registry.create_enterprise(
                rut=next_rut(),
                legal_name=name,
                legal_form="spa",
                commune=commune,
                years=[{"year": 2023, "sales_uf": sales_uf, "employees": 3}],
            )

        @staticmethod
        def cooperative(commune="06201", name="Cooperativa Campesina Valle Verde"):
            return registry.create_enterprise(
                rut=next_rut(),
                legal_name=name,
                legal_form="cooperativa",
                commune=commune,
                cooperative={"cooperative_class": "campesina", "members_women": 8, "members_men": 5},
            )

        @staticmethod
        def project(call, amount=5_000_000, person=None, enterprise=None, key=None, **kw):
            if person is None and enterprise is None:
                person = B.person()
            return services.create_project_from_award(
                call=call,
                person=person,
                enterprise=enterprise,
                amount_clp=amount,
                awarded_on=kw.pop("awarded_on", date(2024, 6, 1)),
                source_key=key or f"test:{next(_ruts)}",
                **kw,
            )

    return B
