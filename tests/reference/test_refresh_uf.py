import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from panal.reference.business_days import add_business_days, holiday_name, is_business_day
from panal.reference.models import UFValue

pytestmark = pytest.mark.usefixtures("reference_data")


def _write(tmp_path, payload) -> str:
    path = tmp_path / "uf.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return str(path)


def test_refresh_uf_from_a_mindicador_file_adds_new_days_and_keeps_the_rest(tmp_path, capsys):
    before = UFValue.objects.count()
    path = _write(
        tmp_path,
        {
            "version": "1.7.0",
            "codigo": "uf",
            "unidad_medida": "Pesos",
            "serie": [
                {"fecha": "2026-07-13T04:00:00.000Z", "valor": 40851.12},
                {"fecha": "2026-07-12T04:00:00.000Z", "valor": 40848.01},
                {"fecha": "2024-12-31T03:00:00.000Z", "valor": 38416.69},
            ],
        },
    )
    call_command("refresh_uf", "--from-file", path)
    assert UFValue.objects.count() == before + 2
    assert UFValue.objects.get(date=date(2026, 7, 13)).value == Decimal("40851.12")
    assert "2 nuevos" in capsys.readouterr().out
    call_command("refresh_uf", "--from-file", path)  # idempotent
    assert UFValue.objects.count() == before + 2


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("esto no es json", "no es un JSON válido"),
        ({"codigo": "uf"}, "falta la lista «serie»"),
        ({"codigo": "dolar", "serie": []}, "no la UF"),
        ({"codigo": "uf", "serie": [{"fecha": "2026-07-20", "valor": 1}, {"fecha": "ayer", "valor": 2}]}, "fecha"),
        (
            {"codigo": "uf", "serie": [{"fecha": "2026-07-20", "valor": 1}, {"fecha": "2026-07-21", "valor": -3}]},
            "valor",
        ),
    ],
)
def test_malformed_uf_file_is_refused_and_nothing_is_written(tmp_path, payload, message):
    before = UFValue.objects.count()
    with pytest.raises(CommandError, match=message) as excinfo:
        call_command("refresh_uf", "--from-file", _write(tmp_path, payload))
    assert "No se modificó nada" in str(excinfo.value)
    assert UFValue.objects.count() == before
    assert not UFValue.objects.filter(date=date(2026, 7, 20)).exists()


def test_missing_uf_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No se pudo leer el archivo"):
        call_command("refresh_uf", "--from-file", str(tmp_path / "no-existe.json"))


def test_refresh_uf_offline_says_so_and_changes_nothing():
    before = UFValue.objects.count()
    # Port 9 (discard) on loopback refuses the connection: the same path as having no network.
    with pytest.raises(CommandError, match="no hay conexión"):
        call_command("refresh_uf", "--url", "http://127.0.0.1:9/api/uf", "--timeout", "2")
    assert UFValue.objects.count() == before


def test_national_and_ohiggins_holidays_are_not_business_days():
    assert holiday_name(date(2024, 9, 18)) is not None
    assert not is_business_day(date(2024, 9, 19))
    assert not is_business_day(date(2024, 11, 2))  # Saturday
    assert is_business_day(date(2024, 11, 4))


def test_business_days_skip_weekends_and_holidays():
    # Friday 13 Sep 2024 + 3 business days: Mon 16, Tue 17, then 18-20 Sep are holidays and 21-22 a weekend.
    assert add_business_days(date(2024, 9, 13), 3) == date(2024, 9, 23)
