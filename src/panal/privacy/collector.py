"""Everything Panal holds about a person, from every app, through one hook: each app may have
`panal/<app>/personal_data.py` with `export_person(person) -> {section: [row dicts]}` (and optionally
`suppress_person(person) -> {section: what was done or which legal basis keeps it}`). Privacy reads the other apps
only through these modules."""

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from panal.core import spreadsheets
from panal.core.hooks import app_hooks
from panal.core.personal_data import export_account

from .personal_data import export_account as privacy_export_account


def _plain(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def collect(*, user, person) -> dict[str, list[dict]]:
    """{section: rows}; `person` is the registry person of the account (or None)."""
    data: dict[str, list[dict]] = {}

    def add(sections: dict) -> None:
        for section, rows in sections.items():
            data.setdefault(section, []).extend(_plain(list(rows)))

    if person is not None:
        for _label, export in app_hooks("personal_data", "export_person"):
            add(export(person))
    else:  # an account without a registry record: what is keyed to the account only
        add(export_account(user))
        add(privacy_export_account(user))
    return dict(sorted(data.items()))


def suppress(*, person) -> dict[str, str]:
    outcome: dict[str, str] = {}
    for _label, suppress_fn in app_hooks("personal_data", "suppress_person"):
        outcome.update(suppress_fn(person))
    return outcome


def _flat(row: dict) -> dict:
    return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v for k, v in row.items()}


def as_zip(data: dict[str, list[dict]]) -> bytes:
    """mis-datos.json (the whole, machine-readable: portability) and one CSV per section (formulas neutralised)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "mis-datos.json",
            json.dumps({"generado": timezone.now().isoformat(), "datos": data}, ensure_ascii=False, indent=2),
        )
        for section, rows in data.items():
            columns = sorted({key for row in rows for key in row}) or ["sin_datos"]
            flat = [_flat(row) for row in rows]
            body = spreadsheets.csv_bytes(columns, ([row.get(c, "") for c in columns] for row in flat), delimiter=",")
            archive.writestr(f"{section}.csv", body)
    return buffer.getvalue()
