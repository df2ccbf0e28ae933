import pytest
from django import forms

from panal.core.money import format_clp, parse_clp, uf_to_clp
from panal.core.rut import InvalidRut, RutFormField, format_rut, normalize_rut


@pytest.mark.parametrize("written", ["12.345.678-5", "12345678-5", "123456785", " 12.345.678-5 "])
def test_rut_is_accepted_in_every_usual_spelling_and_stored_canonical(written):
    assert normalize_rut(written) == "12345678-5"


def test_rut_with_check_digit_k_is_accepted_in_either_case():
    assert normalize_rut("10.000.013-k") == "10000013-K"
    assert normalize_rut("10000013K") == "10000013-K"
    assert format_rut("10000013-K") == "10.000.013-K"


def test_rut_with_wrong_check_digit_is_refused_with_a_spanish_message():
    with pytest.raises(InvalidRut, match="dígito verificador incorrecto"):
        normalize_rut("12.345.678-9")


@pytest.mark.parametrize("junk", ["", "abc", "12-3", "1234567890123"])
def test_malformed_rut_is_refused(junk):
    with pytest.raises(InvalidRut):
        normalize_rut(junk)


def test_rut_shows_with_dots_and_hyphen():
    assert format_rut("76086428-5") == "76.086.428-5"
    assert format_rut("1234567-4") == "1.234.567-4"


def test_rut_form_field_cleans_to_canonical_and_reports_bad_digit():
    field = RutFormField()
    assert field.clean("12.345.678-5") == "12345678-5"
    with pytest.raises(forms.ValidationError) as excinfo:
        field.clean("12.345.678-0")
    assert "dígito verificador" in excinfo.value.messages[0]


def test_clp_amounts_show_in_chilean_format():
    assert format_clp(3_500_000) == "$3.500.000"
    assert format_clp(0) == "$0"
    assert format_clp(-15_000) == "-$15.000"


def test_clp_never_accepts_floats():
    with pytest.raises(TypeError):
        format_clp(3.5)


def test_clp_is_read_back_from_what_people_type():
    assert parse_clp("$3.500.000") == 3_500_000
    assert parse_clp("200000") == 200_000
    with pytest.raises(ValueError, match="no es un monto"):
        parse_clp("3,5 millones")


def test_uf_converts_to_whole_pesos_with_a_given_days_value():
    from decimal import Decimal

    assert uf_to_clp(Decimal("2400"), Decimal("38416.69")) == 92_200_056
