"""Every award as a 360Giving 1.4 data package (https://standard.threesixtygiving.org).

Organisations are identified as `CL-RUT-<rut>`; a natural person (also a persona natural con giro or an EIRL,
whose name is usually its owner's) is never identified: the grant carries a
`recipientIndividual` with the generic name «Persona natural» and an opaque id (an HMAC of the internal id under a
secret key: not the RUT, not derivable from it), plus only the commune and the instrument."""

import hashlib
import hmac
import json
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from panal.catalog.models import OBJECTIVES
from panal.portfolio import selectors as portfolio
from panal.portfolio.models import BENEFICIARY_TYPES

SCHEMA_VERSION = "1.4"
PREFIX = "360G-PANAL"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def individual_id(ref: int | str) -> str:
    """A person's id (int) or `enterprise:<id>` for an enterprise that is a natural person → an opaque id."""
    key = (settings.SECRET_KEY + ":opendata-360giving").encode()
    message = f"person:{ref}" if isinstance(ref, int) else str(ref)
    digest = hmac.new(key, message.encode(), hashlib.sha256).hexdigest()[:20]
    return f"{PREFIX}-IND-{digest}"


def agency_id(code: str) -> str:
    return f"{PREFIX}-ORG-{code}"


def grant(row: dict) -> dict:
    """One 360Giving grant from a row of `portfolio.selectors.public_values`."""
    objective = OBJECTIVES.get(row["objective"], row["objective"])
    item = {
        "id": f"{PREFIX}-{row['code']}",
        "title": row["title"],
        "description": (
            f"{row['instrument__name']} ({row['call__title']}). Objetivo: {objective}. "
            f"Beneficiario: {BENEFICIARY_TYPES.get(row['beneficiary_type'], row['beneficiary_type'])}."
            + (" Dato de ejemplo (demostración)." if row["is_sample"] else "")
        ),
        "currency": "CLP",
        "amountAwarded": row["awarded_clp"],
        "amountDisbursed": row["executed_clp"],
        "awardDate": row["awarded_on"].isoformat(),
        "beneficiaryLocation": [
            {
                "id": f"CL-CUT-{row['commune_id']}",
                "name": row["commune__name"],
                "countryCode": "CL",
                "geoCode": row["commune_id"],
            }
        ],
        "fundingOrganization": [{"id": agency_id(row["agency__code"]), "name": row["agency__name"]}],
        "grantProgramme": [{"code": row["instrument__code"], "title": row["instrument__name"]}],
        "classifications": [{"vocabulary": "panal-objetivo", "code": row["objective"], "title": objective}],
    }
    if row["instrument__url"]:
        item["grantProgramme"][0]["url"] = row["instrument__url"]
    if row["starts_on"] and row["ends_on"]:
        item["plannedDates"] = [{"startDate": row["starts_on"].isoformat(), "endDate": row["ends_on"].isoformat()}]
    if row["individual_ref"] is not None:
        item["recipientIndividual"] = {"id": individual_id(row["individual_ref"]), "name": portfolio.PERSON_NAME}
    else:
        item["recipientOrganization"] = [
            {"id": f"CL-RUT-{row['organization_rut']}", "name": row["beneficiary_name"], "addressCountry": "CL"}
        ]
    return item


def _metadata(now: datetime | None = None) -> dict:
    now = now or timezone.now()
    return {
        "version": SCHEMA_VERSION,
        "title": "Panal: adjudicaciones de fomento productivo",
        "description": (
            "Cada adjudicación registrada en Panal con su monto adjudicado y ejecutado (desembolsos menos "
            "reintegros), en pesos chilenos. Las personas naturales no se identifican."
        ),
        "issued": now.date().isoformat(),
        "modified": now.replace(microsecond=0).isoformat(),
        "publisher": {"name": "Panal", "website": settings.PANAL_BASE_URL},
        "license": LICENSE,
    }


def package(filters: dict | None = None, *, now: datetime | None = None) -> dict:
    return {**_metadata(now), "grants": [grant(row) for row in portfolio.public_values(filters)]}


def iter_package_json(filters: dict | None = None):
    """The package as JSON text in pieces, one grant at a time: memory stays flat and Python's garbage collector
    never has to walk a list of 100,000 nested dicts."""
    head = json.dumps(_metadata(), ensure_ascii=False, separators=(",", ":"))
    yield head[:-1] + ',"grants":['
    separator = ""
    for row in portfolio.public_values(filters):
        yield separator + json.dumps(grant(row), ensure_ascii=False, separators=(",", ":"))
        separator = ","
    yield "]}"


def package_json(filters: dict | None = None) -> bytes:
    return "".join(iter_package_json(filters)).encode("utf-8")


# The 360Giving flat (spreadsheet) column titles for the same grants.
FLAT_HEADERS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Amount Disbursed",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Ind:Identifier",
    "Recipient Ind:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
]


def flat_rows(filters: dict | None = None):
    for row in portfolio.public_values(filters):
        g = grant(row)
        org = (g.get("recipientOrganization") or [{}])[0]
        ind = g.get("recipientIndividual") or {}
        loc, funder, programme = g["beneficiaryLocation"][0], g["fundingOrganization"][0], g["grantProgramme"][0]
        yield [
            g["id"],
            g["title"],
            g["description"],
            g["currency"],
            g["amountAwarded"],
            g["amountDisbursed"],
            g["awardDate"],
            org.get("id", ""),
            org.get("name", ""),
            ind.get("id", ""),
            ind.get("name", ""),
            loc["geoCode"],
            loc["name"],
            funder["id"],
            funder["name"],
            programme["code"],
            programme["title"],
        ]
