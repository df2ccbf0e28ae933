"""A database loaded with the old rules gets the corrected ones with `panal refresh-shipped-rules`."""

from io import StringIO

from django.core.management import call_command

from panal.catalog import selectors
from panal.catalog.models import Call, Condition, Criterion


def test_refresh_rewrites_old_rules_and_call_fields_and_is_repeatable(reference_data):
    par = Call.objects.get(code="corfo-par")
    Call.objects.filter(pk=par.pk).update(rules_from="", subsidy_tiers=[], title="PAR 2024, Región de O'Higgins")
    old = Criterion.objects.get(instrument__code="corfo-red-asociativa", key="ventas-de-cada-empresa")
    old.key = "ventas-promedio-por-empresa"
    old.save()
    Condition.objects.filter(criterion=old).update(field="sales_per_member_uf", op="gte", value="2400")

    out = StringIO()
    call_command("refresh_shipped_rules", stdout=out)
    assert "9 instrumentos y 9 convocatorias" in out.getvalue()
    par.refresh_from_db()
    assert par.rules_from.startswith("PAR Turismo de Corfo") and len(par.subsidy_tiers) == 3
    assert "(referencial)" in par.title
    keys = set(Criterion.objects.filter(instrument__code="corfo-red-asociativa").values_list("key", flat=True))
    assert "ventas-de-cada-empresa" in keys and "ventas-promedio-por-empresa" not in keys

    before = [r.id for r in selectors.rules_for_call(selectors.get_call("corfo-activa-inversion"))]
    call_command("refresh_shipped_rules", stdout=StringIO())
    assert [r.id for r in selectors.rules_for_call(selectors.get_call("corfo-activa-inversion"))] == before
