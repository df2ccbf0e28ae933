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
from panal.core.limits import MAX_COUNT, MAX_UF
from panal.reference.selectors import get_activity
from panal.territory.selectors import find_commune

from .schemas import MAX_GROUP_FIRMS, MAX_INVESTMENT_CLP, MAX_SALES_UF

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
    "member_sales_uf",
    "activity_code",
    "registries",
    "project_investment_clp",
    "in_emergency_register",
    "nationality",
]
MAX_FIRMS_ASKED = 60  # a group larger than this is told to use the API (member_sales_uf takes up to 500)

YES_NO = {"si": "Sí", "no": "No"}


def firms_to_ask(answers: dict) -> int:
    """How many firm-by-firm rows the sales question shows: the group's size if known, else 5 (the minimum)."""
    members = answers.get("members")
    return min(members, MAX_FIRMS_ASKED) if isinstance(members, int) and members > 0 else 5


def question(name: str, kind: str | None, answers: dict | None = None) -> dict:
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
            "¿En cuáles de estos registros tiene inscripción vigente?",
            "Marque solo los que estén vigentes hoy: una inscripción caducada no cuenta.",
            "checkbox",
            REGISTRIES,
        ),
        "member_sales_uf": (
            "¿Cuánto vendió cada empresa del grupo el último año, en UF y sin IVA?",
            "Una cifra por empresa. Cada una debe vender entre 2.400 y 100.000 UF al año; hasta un 30% del grupo "
            "puede quedar fuera de ese rango.",
            "firms",
            None,
        ),
        "project_investment_clp": (
            "¿Cuál es la inversión total del proyecto, en pesos?",
            "Todo lo que costará el proyecto, incluido su aporte. Por ejemplo 12.000.000.",
            "number",
            None,
        ),
        "in_emergency_register": (
            f"¿Figura {who if org else 'usted'} en el catastro oficial de empresas afectadas por la emergencia?",
            "Lo lleva la municipalidad o la Seremi de Economía tras una emergencia (por ejemplo, inundaciones).",
            "radio",
            YES_NO,
        ),
    }
    label, help_text, widget, choices = texts[name]
    asked = {"name": name, "label": label, "help": help_text, "widget": widget, "choices": choices}
    if widget == "firms":
        asked["firms"] = range(1, firms_to_ask(answers or {}) + 1)
    return asked


def _decimal(text: str) -> Decimal | None:
    """`1.200,5`, `12.000`, `1200.5` → Decimal; None if it is not a finite number of 0 or more."""
    if "," in text or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):  # Chilean: 1.200,5 or 12.000
        text = text.replace(".", "").replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


def parse_answer(name: str, raw) -> tuple[object, str | None]:
    """(value, Spanish error). `raw` is a string, or a list for checkboxes."""

    if name == "registries":
        values = [v for v in raw if v in REGISTRIES]
        return values, None
    if name == "member_sales_uf":
        return _member_sales(raw)
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
    if name in ("has_activity_start", "in_good_standing", "in_emergency_register"):
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
        if not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_COUNT:
            return None, "Escriba un número entero entre 1 y 1.000.000."
        return int(text), None
    if name == "annual_sales_uf":
        value = _decimal(text)
        if value is None or value > MAX_UF:
            return None, "Escriba un número entre 0 y 100.000.000, por ejemplo 1200."
        return value, None
    if name == "project_investment_clp":
        digits = text.replace(".", "").replace("$", "").strip()
        if not digits.isdigit() or len(digits) > 14 or int(digits) > MAX_INVESTMENT_CLP:
            return None, "Escriba un monto en pesos, sin decimales, por ejemplo 12.000.000."
        return int(digits), None
    if name == "activity_code":
        return (text, None) if get_activity(text) else (None, "No conocemos ese código de actividad del SII.")
    return None, "Respuesta no válida."


def _member_sales(raw) -> tuple[object, str | None]:
    """One figure per firm; every row must be filled, and each is named in the error when it is not a number."""
    rows = [(r or "").strip() for r in (raw if isinstance(raw, list) else [raw])][:MAX_GROUP_FIRMS]
    if not any(rows):
        return None, "Escriba las ventas de cada empresa o elija «No sé»."
    values = []
    for n, text in enumerate(rows, start=1):
        value = _decimal(text) if text else None
        if value is None or value > MAX_SALES_UF:
            return None, f"Escriba las ventas de la empresa {n} como un número de 0 o más, por ejemplo 3500."
        values.append(value)
    return values, None


def to_hidden(value) -> str:
    """An answer as the text kept in a hidden field."""
    if isinstance(value, bool):
        return "si" if value else "no"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)  # ";" since sales may be written with a decimal comma
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def from_hidden(name: str, text: str):
    if name == "registries":
        return [v for v in text.replace(";", ",").split(",") if v in REGISTRIES]
    if name == "member_sales_uf":
        value, error = parse_answer(name, text.split(";"))
        return None if error else value
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
            # Facts an eligible group also needs to hear (which of its firms fall outside the sales range).
            details = [c["detail"] for c in r["criteria"] if c.get("detail") and c not in reasons]
            items.append({"result": r, "call": calls[r["call"]], "reasons": reasons, "details": details})
        if items:
            shaped.append({"title": title, "items": items})
    return shaped
