"""The "¿A qué puedo postular?" wizard: one question at a time, only those the answers still depend on.

The answers so far travel in hidden fields of a POST form (no JavaScript, nothing stored); after each answer the
engine runs against every call, and the next question is the first field (in a friendly order) that some call still
needs to decide. A field the person skips ("No sé") is not asked again.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils import timezone

from panal.catalog.criteria import APPLICANT_KINDS, COOPERATIVE_CLASSES, NATIONALITIES, REGISTRIES, SEXES
from panal.reference.selectors import get_activity
from panal.territory.selectors import find_commune

# Friendly order: who you are, where, then business details.
QUESTIONS = [
    "applicant_kind",
    "commune",
    "has_activity_start",
    "birth_date",
    "sex",
    "members",
    "cooperative_class",
    "in_good_standing",
    "activity_start_date",
    "annual_sales_uf",
    "activity_code",
    "registries",
    "nationality",
]

YES_NO = {"si": "Sí", "no": "No"}


def question(name: str, kind: str | None) -> dict:
    """How to ask one field: label, help, widget and choices, worded for who is applying."""
    org = kind in ("empresa", "cooperativa", "grupo")
    who = {"empresa": "la empresa", "cooperativa": "la cooperativa", "grupo": "el grupo"}.get(kind, "usted")
    texts = {
        "applicant_kind": ("¿Quién postularía?", "", "radio", APPLICANT_KINDS),
        "commune": (
            f"¿En qué comuna tiene su domicilio {who}?" if org else "¿En qué comuna vive?",
            "Escriba el nombre de la comuna, por ejemplo Pichilemu.",
            "text",
            None,
        ),
        "has_activity_start": (
            (
                "¿Quien representa al grupo tiene inicio de actividades en primera categoría ante el SII?"
                if kind == "grupo"
                else f"¿Tiene {who} inicio de actividades en primera categoría ante el SII?"
            ),
            "Es el registro como contribuyente con un negocio («iniciar actividades» en sii.cl).",
            "radio",
            YES_NO,
        ),
        "birth_date": (
            "¿Cuál es la fecha de nacimiento de quien postula?"
            if not org
            else "¿Fecha de nacimiento de quien representa?",
            "Sirve para saber si tiene la edad mínima. Formato: día, mes y año.",
            "date",
            None,
        ),
        "sex": (
            "¿Cuál es el sexo registral de quien postula?",
            "Algunos fondos son solo para mujeres.",
            "radio",
            SEXES,
        ),
        "nationality": ("¿Cuál es su nacionalidad?", "", "radio", NATIONALITIES),
        "members": (
            "¿Cuántos socios o socias tiene la cooperativa?"
            if kind == "cooperativa"
            else "¿Cuántos integrantes tiene?",
            "",
            "number",
            None,
        ),
        "cooperative_class": ("¿De qué clase es la cooperativa?", "", "radio", COOPERATIVE_CLASSES),
        "in_good_standing": (
            "¿Está vigente ante el registro de cooperativas (DAES)?",
            "Puede revisarlo en el certificado de vigencia.",
            "radio",
            YES_NO,
        ),
        "activity_start_date": ("¿En qué fecha fue el inicio de actividades?", "Está en sii.cl.", "date", None),
        "annual_sales_uf": (
            "¿Cuánto vendió el último año, en UF y sin IVA?",
            "Ventas netas anuales en UF (1 UF ≈ $37.000 en 2024). Escriba 0 si no tuvo ventas.",
            "number",
            None,
        ),
        "activity_code": (
            "¿Cuál es el código de actividad económica del SII?",
            "6 dígitos, por ejemplo 479100.",
            "text",
            None,
        ),
        "registries": (
            "¿En cuáles de estos registros está inscrito/a?",
            "Marque todos los que tenga vigentes.",
            "checkbox",
            REGISTRIES,
        ),
    }
    label, help_text, widget, choices = texts[name]
    return {"name": name, "label": label, "help": help_text, "widget": widget, "choices": choices}


def parse_answer(name: str, raw) -> tuple[object, str | None]:
    """(value, Spanish error). `raw` is a string, or a list for checkboxes."""

    if name == "registries":
        values = [v for v in raw if v in REGISTRIES]
        return values, None
    text = (raw or "").strip()
    if not text:
        return None, "Responda la pregunta o elija «No sé»."
    choices = {
        "applicant_kind": APPLICANT_KINDS,
        "sex": SEXES,
        "nationality": NATIONALITIES,
        "cooperative_class": COOPERATIVE_CLASSES,
    }
    if name in choices:
        return (text, None) if text in choices[name] else (None, "Elija una de las opciones.")
    if name in ("has_activity_start", "in_good_standing"):
        return (text == "si", None) if text in YES_NO else (None, "Elija «Sí» o «No».")
    if name == "commune":
        commune = find_commune(text)
        return (commune.code, None) if commune else (None, f"No encontramos la comuna «{text}».")
    if name in ("birth_date", "activity_start_date"):
        try:
            value = date.fromisoformat(text)
        except ValueError:
            return None, "Escriba una fecha válida (día, mes y año)."
        if value > timezone.localdate():
            return None, "La fecha no puede ser futura."
        return value, None
    if name == "members":
        if not text.isdigit() or int(text) < 1:
            return None, "Escriba un número entero de 1 o más."
        return int(text), None
    if name == "annual_sales_uf":
        if "," in text or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # Chilean: 1.200,5 or 12.000
            text = text.replace(".", "").replace(",", ".")
        try:
            value = Decimal(text)
        except InvalidOperation:
            return None, "Escriba un número, por ejemplo 1200."
        if not value.is_finite() or value < 0:
            return None, "Escriba un número de 0 o más."
        return value, None
    if name == "activity_code":
        return (text, None) if get_activity(text) else (None, "No conocemos ese código de actividad del SII.")
    return None, "Respuesta no válida."


def to_hidden(value) -> str:
    """An answer as the text kept in a hidden field."""
    if isinstance(value, bool):
        return "si" if value else "no"
    if isinstance(value, list):
        return ",".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def from_hidden(name: str, text: str):
    if name == "registries":
        return [v for v in text.split(",") if v in REGISTRIES]
    value, error = parse_answer(name, text)
    return None if error else value


def next_question(results: list[dict], answered: set[str]) -> str | None:
    """The first field, in friendly order, that some undecided call still needs and was not answered or skipped."""
    needed = {m for r in results if r["status"] == "incomplete" for m in r["missing"]}
    for name in QUESTIONS:
        if name in needed and name not in answered:
            return name
    return None


def group_results(results: list[dict], calls: dict) -> list[dict]:
    """Eligible and open first, then eligible and upcoming, then the rest with the reason and the hint."""
    groups = [
        ("Puede postular ahora", lambda r: r["status"] == "eligible" and r["call_status"] == "open"),
        ("Podrá postular cuando abran", lambda r: r["status"] == "eligible" and r["call_status"] == "upcoming"),
        ("Cumple los requisitos, pero la convocatoria ya cerró", lambda r: r["status"] == "eligible"),
        ("Falta información para saberlo", lambda r: r["status"] == "incomplete"),
        ("No cumple los requisitos", lambda r: r["status"] == "ineligible"),
    ]
    taken: set[str] = set()
    shaped = []
    for title, test in groups:
        items = []
        for r in results:
            if r["call"] in taken or not test(r):
                continue
            taken.add(r["call"])
            reasons = [
                c for c in r["criteria"] if c["outcome"] == ("fail" if r["status"] == "ineligible" else "unknown")
            ]
            items.append({"result": r, "call": calls[r["call"]], "reasons": reasons})
        if items:
            shaped.append({"title": title, "items": items})
    return shaped
