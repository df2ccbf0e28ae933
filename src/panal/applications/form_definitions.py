"""Forms as data: the definition's format, its validation, and the validation of answers against it.

A definition is a list of sections `{"key", "title", "help"?, "questions": [...]}`; a question is
`{"key", "label", "type", "required"?, "help"?, ...}` with type one of QUESTION_TYPES and, per type:
- text / long_text: `max_length`;  number / clp: `min`, `max`;  choice: `choices` [[value, label], ...];
- date: nothing more;  file: `allowed` (extensions, e.g. ["pdf", "jpg"]) and `max_mb`;
- budget: `categories` [{"key", "label", "min", "max"}] (CLP, limits for the sum of the category's lines),
  `total_min`, `total_max` (CLP; the call's subsidy limits also apply), `max_lines`.
- `prefill`: a registry value to start from (see PREFILL_SOURCES).
"""

from datetime import date

from panal.core.errors import DomainError
from panal.core.limits import MAX_CLP
from panal.core.money import format_clp, parse_clp

QUESTION_TYPES = {
    "text": "Texto corto",
    "long_text": "Texto largo",
    "number": "Número",
    "clp": "Monto en pesos",
    "choice": "Alternativas",
    "date": "Fecha",
    "file": "Archivo",
    "budget": "Tabla de presupuesto",
}
PREFILL_SOURCES = ("full_name", "rut", "email", "phone", "commune", "legal_name", "enterprise_rut")
BUDGET_KEY = "budget"


def _require(cond: bool, message: str, field: str = "sections") -> None:
    if not cond:
        raise DomainError(message, field=field)


def validate_definition(sections) -> None:
    """Refuse a form definition the engine could not show or check (used by the back office and the loader)."""
    _require(isinstance(sections, list) and sections, "El formulario debe tener al menos una sección.")
    keys: set[str] = set()
    budgets = 0
    for s_index, section in enumerate(sections, 1):
        _require(isinstance(section, dict), f"La sección {s_index} debe ser un objeto.")
        _require(bool(section.get("key")) and bool(section.get("title")), f"La sección {s_index} necesita key y title.")
        questions = section.get("questions")
        _require(isinstance(questions, list) and questions, f"La sección «{section.get('title')}» no tiene preguntas.")
        for q in questions:
            key, kind = q.get("key"), q.get("type")
            _require(
                bool(key) and str(key).isidentifier(), f"Una pregunta de «{section['title']}» no tiene key válida."
            )
            _require(key not in keys, f"La pregunta «{key}» está repetida.")
            keys.add(key)
            _require(bool(q.get("label")), f"La pregunta «{key}» no tiene texto (label).")
            _require(kind in QUESTION_TYPES, f"La pregunta «{key}» tiene un tipo desconocido: {kind}.")
            if kind == "choice":
                choices = q.get("choices")
                _require(
                    isinstance(choices, list) and all(isinstance(c, list) and len(c) == 2 for c in choices or [None]),
                    f"La pregunta «{key}» necesita alternativas [[valor, texto], ...].",
                )
            if kind == "file":
                _require(bool(q.get("allowed")), f"La pregunta «{key}» debe decir qué tipos de archivo acepta.")
                _require(
                    isinstance(q.get("max_mb"), int | float) and q["max_mb"] > 0,
                    f"La pregunta «{key}» necesita max_mb.",
                )
            if kind == "budget":
                budgets += 1
                _require(key == BUDGET_KEY, "La tabla de presupuesto debe tener key «budget».")
                cats = q.get("categories")
                _require(isinstance(cats, list) and cats, "La tabla de presupuesto necesita categorías.")
                for cat in cats:
                    _require(bool(cat.get("key")) and bool(cat.get("label")), "Cada categoría necesita key y label.")
            if q.get("prefill"):
                _require(q["prefill"] in PREFILL_SOURCES, f"La pregunta «{key}» usa un prefill desconocido.")
    _require(budgets <= 1, "El formulario puede tener una sola tabla de presupuesto.")


def validate_rubric(rubric) -> None:
    if not rubric:
        return
    criteria = rubric.get("criteria") if isinstance(rubric, dict) else None
    _require(isinstance(criteria, list) and criteria, "La pauta necesita criterios.", "rubric")
    for c in criteria:
        _require(
            bool(c.get("key")) and bool(c.get("label")), "Cada criterio de la pauta necesita key y label.", "rubric"
        )
        _require(isinstance(c.get("weight"), int | float) and c["weight"] > 0, "Cada peso debe ser positivo.", "rubric")
    _require(
        int(rubric.get("scale_min", 1)) < int(rubric.get("scale_max", 7)),
        "La escala de la pauta no es válida.",
        "rubric",
    )
    threshold = rubric.get("divergence_threshold")
    _require(
        threshold is None or (isinstance(threshold, int | float) and not isinstance(threshold, bool) and threshold > 0),
        "La diferencia que pide un tercer evaluador debe ser un número positivo.",
        "rubric",
    )
    for c in criteria:
        guide = c.get("guide", [])
        _require(
            isinstance(guide, list) and all(isinstance(g, dict) and g.get("text") for g in guide),
            f"La guía de puntaje de «{c['label']}» necesita un texto por nivel.",
            "rubric",
        )


def validate_admissibility(admissibility, sections) -> None:
    """Requirements are data from the call's bases: a key, a label, optionally the file question that proves it."""
    if not admissibility:
        return
    _require(isinstance(admissibility, dict), "Los requisitos de admisibilidad no son válidos.", "admissibility")
    requirements = admissibility.get("requirements") or []
    _require(isinstance(requirements, list), "Los requisitos deben ser una lista.", "admissibility")
    files = {k for k, q in questions(sections).items() if q["type"] == "file"}
    keys = set()
    for r in requirements:
        _require(
            isinstance(r, dict) and bool(r.get("key")) and bool(r.get("label")),
            "Cada requisito de admisibilidad necesita key y label.",
            "admissibility",
        )
        _require(r["key"] not in keys, f"El requisito «{r['key']}» está repetido.", "admissibility")
        keys.add(r["key"])
        _require(
            not r.get("document") or r["document"] in files,
            f"El requisito «{r['label']}» apunta a un archivo que el formulario no pide.",
            "admissibility",
        )
    days = admissibility.get("correction_business_days", 5)
    _require(
        isinstance(days, int) and not isinstance(days, bool) and 1 <= days <= 30,
        "El plazo para subsanar debe ser de 1 a 30 días hábiles.",
        "admissibility",
    )


def questions(sections) -> dict[str, dict]:
    return {q["key"]: q for s in sections for q in s["questions"]}


def budget_question(sections) -> dict | None:
    return next((q for q in questions(sections).values() if q["type"] == "budget"), None)


# --- answers ------------------------------------------------------------------------------------------------------


def _plain_int(text: str) -> int:
    digits = text.replace(".", "")
    if len(digits.lstrip("-0")) > 13:  # beyond MAX_CLP: refused before int() does slow work on thousands of digits
        raise ValueError(text)
    number = int(digits)
    if abs(number) > MAX_CLP:
        raise ValueError(text)
    return number


def _int(value, q) -> int:
    text = str(value).strip()
    try:
        if isinstance(value, float | bool):
            raise ValueError(text)
        number = parse_clp(text) if q["type"] == "clp" else _plain_int(text)
    except (ValueError, TypeError) as exc:
        kind = "un monto en pesos, por ejemplo 350.000" if q["type"] == "clp" else "un número entero"
        raise DomainError(f"«{q['label']}» debe ser {kind}.", field=q["key"]) from exc
    if q.get("min") is not None and number < q["min"]:
        shown = format_clp(q["min"]) if q["type"] == "clp" else q["min"]
        raise DomainError(f"«{q['label']}» debe ser al menos {shown}.", field=q["key"])
    if q.get("max") is not None and number > q["max"]:
        shown = format_clp(q["max"]) if q["type"] == "clp" else q["max"]
        raise DomainError(f"«{q['label']}» no puede superar {shown}.", field=q["key"])
    return number


def clean_answer(q: dict, value):
    """One answer in its stored form (None = empty); DomainError naming the question if it cannot be."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = q["type"]
    if kind in ("text", "long_text"):
        text = str(value).strip()
        limit = q.get("max_length", 200 if kind == "text" else 5000)
        if len(text) > limit:
            raise DomainError(f"«{q['label']}» admite hasta {limit} caracteres (tiene {len(text)}).", field=q["key"])
        return text
    if kind in ("number", "clp"):
        return _int(value, q)
    if kind == "choice":
        allowed = {str(v) for v, _ in q["choices"]}
        if str(value) not in allowed:
            raise DomainError(f"Elija una de las alternativas de «{q['label']}».", field=q["key"])
        return str(value)
    if kind == "date":
        try:
            return (value if isinstance(value, date) else date.fromisoformat(str(value).strip())).isoformat()
        except ValueError as exc:
            raise DomainError(f"«{q['label']}» debe ser una fecha (AAAA-MM-DD).", field=q["key"]) from exc
    raise DomainError(f"«{q['label']}» no se responde con texto.", field=q["key"])


def clean_answers(sections, answers: dict) -> dict:
    """Answers of a draft: only known, non-file, non-budget questions, each cleaned. Unknown keys are refused."""
    known = questions(sections)
    cleaned = {}
    for key, value in answers.items():
        q = known.get(key)
        if q is None:
            raise DomainError(f"El campo «{key}» no es parte de este formulario.", field=key)
        if q["type"] in ("file", "budget"):
            raise DomainError(f"«{q['label']}» no se responde con texto.", field=key)
        cleaned[key] = clean_answer(q, value)
    return cleaned


def clean_budget(sections, lines) -> list[dict]:
    """Budget lines `{category, description, amount}` in stored form; each line's problem names its row."""
    q = budget_question(sections)
    if q is None:
        if lines:
            raise DomainError("Este formulario no tiene tabla de presupuesto.", field=BUDGET_KEY)
        return []
    if not isinstance(lines, list):
        raise DomainError("El presupuesto debe ser una lista de líneas.", field=BUDGET_KEY)
    categories = {c["key"]: c for c in q["categories"]}
    max_lines = q.get("max_lines", 20)
    if len(lines) > max_lines:
        raise DomainError(f"El presupuesto admite hasta {max_lines} líneas.", field=BUDGET_KEY)
    cleaned = []
    for n, line in enumerate(lines, 1):
        field = f"{BUDGET_KEY}.{n}"
        if not isinstance(line, dict) or set(line) - {"category", "description", "amount"}:
            raise DomainError(f"Línea {n} del presupuesto: use category, description y amount.", field=field)
        if line.get("category") not in categories:
            raise DomainError(f"Línea {n} del presupuesto: elija una categoría de la lista.", field=field)
        description = str(line.get("description") or "").strip()
        if not description or len(description) > 200:
            raise DomainError(f"Línea {n} del presupuesto: describa el gasto (hasta 200 caracteres).", field=field)
        amount = _int(line.get("amount"), {"type": "clp", "label": f"Línea {n} del presupuesto: monto", "key": field})
        if amount <= 0:
            raise DomainError(f"Línea {n} del presupuesto: el monto debe ser mayor que cero.", field=field)
        cleaned.append({"category": line["category"], "description": description, "amount": amount})
    return cleaned


def budget_problems(sections, lines: list[dict], *, subsidy_min=None, subsidy_max=None) -> dict[str, str]:
    """What breaks the instrument's limits: per category and total (CLP), with the amounts in the message."""
    q = budget_question(sections)
    if q is None:
        return {}
    problems = {}
    if not lines:
        return {BUDGET_KEY: "Complete el presupuesto: agregue al menos una línea."}
    for cat in q["categories"]:
        total = sum(line["amount"] for line in lines if line["category"] == cat["key"])
        low, high = cat.get("min"), cat.get("max")
        if low is not None and total < low or high is not None and total > high:
            problems[f"{BUDGET_KEY}.{cat['key']}"] = (
                f"«{cat['label']}» suma {format_clp(total)}; debe estar entre "
                f"{format_clp(low or 0)} y {format_clp(high) if high is not None else 'sin tope'}."
            )
    total = sum(line["amount"] for line in lines)
    low = max(v for v in (q.get("total_min"), subsidy_min, 0) if v is not None)
    highs = [v for v in (q.get("total_max"), subsidy_max) if v is not None]
    high = min(highs) if highs else None
    if total < low or (high is not None and total > high):
        limit = f"entre {format_clp(low)} y {format_clp(high)}" if high is not None else f"al menos {format_clp(low)}"
        if high is not None and low == high:
            limit = f"exactamente {format_clp(high)}"
        problems[f"{BUDGET_KEY}.total"] = f"El total del presupuesto es {format_clp(total)}; debe ser {limit}."
    return problems


def missing_answers(sections, answers: dict, document_questions: set[str]) -> dict[str, str]:
    problems = {}
    for q in questions(sections).values():
        if not q.get("required") or q["type"] == "budget":
            continue
        if q["type"] == "file":
            if q["key"] not in document_questions:
                problems[q["key"]] = f"Falta adjuntar «{q['label']}»."
        elif answers.get(q["key"]) in (None, ""):
            problems[q["key"]] = f"Falta responder «{q['label']}»."
    return problems


# --- uploads ------------------------------------------------------------------------------------------------------

# What the first bytes of each allowed type look like: the extension alone is not trusted.
MAGIC = {
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "xlsx": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def check_upload(q: dict, name: str, size: int, head: bytes) -> tuple[str, str]:
    """(extension, content type) of an upload allowed by the question, or DomainError naming the question."""
    allowed = [a.lower() for a in q["allowed"]]
    shown = ", ".join(a.upper() for a in allowed)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in allowed:
        raise DomainError(f"«{q['label']}»: el archivo debe ser {shown} (recibimos «{name}»).", field=q["key"])
    if not any(head.startswith(m) for m in MAGIC.get(ext, (b"",))):
        raise DomainError(
            f"«{q['label']}»: el contenido de «{name}» no corresponde a un archivo {ext.upper()}.", field=q["key"]
        )
    limit = int(q["max_mb"] * 1024 * 1024)
    if size > limit:
        mb = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise DomainError(f"«{q['label']}»: el archivo pesa {mb} MB; el máximo es {q['max_mb']} MB.", field=q["key"])
    if size == 0:
        raise DomainError(f"«{q['label']}»: el archivo está vacío.", field=q["key"])
    return ext, CONTENT_TYPES.get(ext, "application/octet-stream")


def answer_errors(sections, answers: dict) -> dict[str, str]:
    """Every answer's problem at once (for forms that show all errors next to their fields)."""
    known = questions(sections)
    errors = {}
    for key, value in answers.items():
        q = known.get(key)
        if q is None:
            errors[key] = f"El campo «{key}» no es parte de este formulario."
            continue
        try:
            clean_answer(q, value)
        except DomainError as exc:
            errors[key] = exc.message
    return errors


def step_of(sections, field: str) -> int | None:
    """The 1-based section number where a field (`budget.total`, `id_card` ...) is answered."""
    key = field.split(".", 1)[0]
    for n, section in enumerate(sections, 1):
        if any(q["key"] == key for q in section["questions"]):
            return n
    return None


def display(q: dict, value) -> str:
    """An answer as the applicant reads it: CLP as $3.500.000, dates as 04-05-2024, choices by their label."""
    if value in (None, ""):
        return ""
    if q["type"] == "clp":
        return format_clp(int(value))
    if q["type"] == "number":
        return f"{int(value):,}".replace(",", ".")
    if q["type"] == "date":
        return date.fromisoformat(value).strftime("%d-%m-%Y")
    if q["type"] == "choice":
        return next((label for v, label in q["choices"] if str(v) == str(value)), str(value))
    return str(value)
