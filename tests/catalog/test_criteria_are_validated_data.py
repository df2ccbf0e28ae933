import pytest
from django.core.exceptions import ValidationError

from panal.catalog import services
from panal.catalog.admin import ConditionInline
from panal.catalog.criteria import parse_condition
from panal.catalog.models import Condition, Criterion, Instrument
from panal.core.errors import DomainError


def test_an_unknown_field_is_refused_naming_it():
    with pytest.raises(DomainError) as caught:
        parse_condition("edad", "gte", "18")
    assert caught.value.field == "field"
    assert "«edad» no existe" in caught.value.message


def test_an_unknown_operator_is_refused():
    with pytest.raises(DomainError) as caught:
        parse_condition("age", "mayor", "18")
    assert caught.value.field == "op"


def test_an_operator_that_does_not_fit_the_field_is_refused():
    with pytest.raises(DomainError) as caught:
        parse_condition("sex", "gte", "F")
    assert "no sirve" in caught.value.message


@pytest.mark.parametrize(
    ("field", "op", "value"),
    [
        ("age", "gte", "dieciocho"),
        ("sex", "eq", "mujer"),
        ("has_activity_start", "eq", "quizás"),
        ("registries", "contains", "XYZ"),
        ("province", "in", "62"),
        ("annual_sales_uf", "lte", ""),
    ],
)
def test_a_value_that_does_not_fit_the_field_is_refused(field, op, value):
    with pytest.raises(DomainError) as caught:
        parse_condition(field, op, value)
    assert caught.value.field == "value"


def test_values_are_read_the_way_staff_type_them():
    assert parse_condition("registries", "contains_any", "RPA, RNA").value == frozenset({"RPA", "RNA"})
    assert parse_condition("has_activity_start", "eq", "sí").value is True
    assert (
        parse_condition("annual_sales_uf", "lte", "25000,5").value
        == parse_condition("annual_sales_uf", "lte", "25000.5").value
    )


def _instrument():
    return Instrument.objects.get(code="capital-abeja-emprende")


def test_a_criterion_with_a_bad_condition_is_not_saved_at_all(reference_data):
    before = Criterion.objects.count(), Condition.objects.count()
    with pytest.raises(DomainError) as caught:
        services.add_criterion(
            owner=_instrument(),
            key="nuevo",
            branches=[[("age", "gte", 18)], [("colour", "eq", "azul")]],
            pass_message="sí",
            fail_message="no",
        )
    assert "nuevo" in caught.value.message
    assert (Criterion.objects.count(), Condition.objects.count()) == before


def test_a_condition_with_an_unknown_field_cannot_be_saved_even_directly(reference_data):
    criterion = _instrument().criteria.first()
    with pytest.raises(DomainError):
        Condition(criterion=criterion, field="colour", op="eq", value="azul").save()
    assert not Condition.objects.filter(field="colour").exists()


def test_staff_edit_conditions_in_a_form_that_refuses_unknown_fields_and_bad_values(reference_data, admin_user):
    from django.contrib.admin.sites import site
    from django.test import RequestFactory

    criterion = _instrument().criteria.get(key="mayor-de-edad")
    request = RequestFactory().get("/")
    request.user = admin_user
    inline = ConditionInline(Criterion, site)
    formset_class = inline.get_formset(request, criterion)
    condition = criterion.conditions.get()
    prefix = formset_class.get_default_prefix()

    def submit(field, op, value):
        data = {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "1",
            f"{prefix}-0-id": str(condition.pk),
            f"{prefix}-0-criterion": str(criterion.pk),
            f"{prefix}-0-branch": "1",
            f"{prefix}-0-field": field,
            f"{prefix}-0-op": op,
            f"{prefix}-0-value": value,
        }
        return formset_class(data, instance=criterion, prefix=prefix)

    unknown = submit("colour", "eq", "azul")
    assert not unknown.is_valid()
    assert "field" in unknown.errors[0]
    bad_value = submit("age", "gte", "mucho")
    assert not bad_value.is_valid()
    assert "número entero" in bad_value.errors[0]["value"][0]
    good = submit("age", "gte", "21")
    assert good.is_valid(), good.errors
    good.save()
    condition.refresh_from_db()
    assert condition.value == "21"


def test_model_validation_names_the_value_field(reference_data):
    criterion = _instrument().criteria.first()
    with pytest.raises(ValidationError) as caught:
        Condition(criterion=criterion, field="age", op="gte", value="x").full_clean()
    assert "value" in caught.value.message_dict
