"""The forms shipped with the shipped calls (O'Higgins 2024). Budget limits follow each instrument's bases:
Capital Abeja / Semilla Emprende: acciones de gestión empresarial $200.000–$500.000, inversiones $3.000.000–
$3.300.000, total $3.500.000 (Sercotec bases 2024). Other calls: the call's subsidy limits on the total."""

# Not taken from a real call's bases: the page says "pauta ilustrativa". Level descriptors ("guía de puntaje") are
# shown next to each criterion while scoring; two totals further apart than `divergence_threshold` ask for a third.
RUBRIC = {
    "scale_min": 1,
    "scale_max": 7,
    "illustrative": True,
    "divergence_threshold": 1.5,
    "criteria": [
        {
            "key": "coherencia",
            "label": "Coherencia del proyecto con el negocio",
            "weight": 30,
            "guide": [
                {"scores": "1–3", "text": "Las inversiones no se relacionan con lo que el negocio vende o hace."},
                {"scores": "4–5", "text": "Se relacionan, pero no se explica cómo mejoran el negocio."},
                {"scores": "6–7", "text": "Cada gasto responde a una necesidad concreta y explicada del negocio."},
            ],
        },
        {
            "key": "mercado",
            "label": "Conocimiento del mercado y clientes",
            "weight": 25,
            "guide": [
                {"scores": "1–3", "text": "No identifica a sus clientes ni a su competencia."},
                {"scores": "4–5", "text": "Identifica clientes, sin datos de cuánto compran o dónde."},
                {"scores": "6–7", "text": "Conoce a sus clientes, precios y competencia con ejemplos."},
            ],
        },
        {
            "key": "presupuesto",
            "label": "Pertinencia del presupuesto",
            "weight": 25,
            "guide": [
                {"scores": "1–3", "text": "Montos sin cotización o fuera de lo que permiten las bases."},
                {"scores": "4–5", "text": "Montos razonables, con cotizaciones incompletas."},
                {"scores": "6–7", "text": "Montos cotizados y necesarios para el proyecto."},
            ],
        },
        {
            "key": "impacto",
            "label": "Impacto esperado (ventas, empleo, territorio)",
            "weight": 20,
            "guide": [
                {"scores": "1–3", "text": "No dice qué cambiará con el apoyo."},
                {"scores": "4–5", "text": "Espera más ventas o empleo, sin cifras."},
                {"scores": "6–7", "text": "Metas medibles de ventas o empleo en su comuna."},
            ],
        },
    ],
}


def _you(enterprise: bool) -> dict:
    questions = [
        {"key": "full_name", "label": "Nombre completo", "type": "text", "required": True, "prefill": "full_name"},
        {"key": "rut", "label": "RUT", "type": "text", "required": True, "prefill": "rut", "max_length": 14},
        {"key": "email", "label": "Correo electrónico", "type": "text", "required": True, "prefill": "email"},
        {"key": "phone", "label": "Teléfono", "type": "text", "prefill": "phone", "max_length": 30},
        {"key": "commune", "label": "Comuna", "type": "text", "required": True, "prefill": "commune"},
    ]
    if enterprise:
        questions += [
            {"key": "legal_name", "label": "Razón social", "type": "text", "required": True, "prefill": "legal_name"},
            {
                "key": "enterprise_rut",
                "label": "RUT de la empresa o cooperativa",
                "type": "text",
                "required": True,
                "prefill": "enterprise_rut",
            },
        ]
    return {
        "key": "postulante",
        "title": "Sus datos",
        "help": "Vienen de su ficha; corríjalos si cambiaron.",
        "questions": questions,
    }


PROJECT = {
    "key": "proyecto",
    "title": "Su proyecto",
    "questions": [
        {"key": "business_name", "label": "Nombre del negocio o proyecto", "type": "text", "required": True},
        {
            "key": "sector",
            "label": "Rubro",
            "type": "choice",
            "required": True,
            "choices": [
                ["alimentos", "Alimentos y gastronomía"],
                ["agro", "Agricultura y agroindustria"],
                ["turismo", "Turismo"],
                ["comercio", "Comercio"],
                ["servicios", "Servicios"],
                ["manufactura", "Manufactura y artesanía"],
                ["pesca", "Pesca y acuicultura"],
                ["otro", "Otro"],
            ],
        },
        {
            "key": "description",
            "label": "Describa su negocio y qué quiere lograr con el apoyo",
            "type": "long_text",
            "required": True,
            "max_length": 3000,
        },
        {
            "key": "customers",
            "label": "¿Quiénes son sus clientes?",
            "type": "long_text",
            "required": True,
            "max_length": 2000,
        },
        {
            "key": "jobs",
            "label": "Personas que trabajan en el negocio (incluida usted)",
            "type": "number",
            "min": 0,
            "max": 500,
        },
        {"key": "start_date", "label": "¿Desde cuándo funciona el negocio? (si ya funciona)", "type": "date"},
        {"key": "monthly_sales", "label": "Ventas mensuales aproximadas", "type": "clp", "min": 0},
    ],
}

DOCUMENTS = {
    "key": "documentos",
    "title": "Documentos",
    "questions": [
        {
            "key": "id_card",
            "label": "Cédula de identidad (ambos lados)",
            "type": "file",
            "required": True,
            "allowed": ["pdf", "jpg", "jpeg", "png"],
            "max_mb": 5,
        },
        {
            "key": "quotes",
            "label": "Cotizaciones de las inversiones (opcional)",
            "type": "file",
            "allowed": ["pdf"],
            "max_mb": 10,
        },
    ],
}

SEED_BUDGET = {
    "key": "budget",
    "label": "Plan de trabajo y presupuesto",
    "type": "budget",
    "required": True,
    "max_lines": 12,
    "help": (
        "Gestión empresarial entre $200.000 y $500.000; inversiones entre $3.000.000 y $3.300.000; total $3.500.000."
    ),
    "categories": [
        {"key": "gestion", "label": "Acciones de gestión empresarial", "min": 200000, "max": 500000},
        {"key": "inversion", "label": "Inversiones", "min": 3000000, "max": 3300000},
    ],
    "total_min": 3500000,
    "total_max": 3500000,
}


_YES_NO = [["si", "Sí"], ["no", "No"]]
_DIGITAL = [
    ("internet", "¿Usa internet en el negocio?"),
    ("venta_online", "¿Vende por internet (tienda en línea, marketplace o redes)?"),
    ("pagos_digitales", "¿Recibe pagos con tarjeta, transferencia o billetera digital?"),
    ("factura_electronica", "¿Emite boleta o factura electrónica?"),
    ("software_contable", "¿Usa un programa de contabilidad o de gestión?"),
    ("nube_pagada", "¿Paga algún servicio en la nube (correo, almacenamiento, sistema)?"),
    ("web_redes", "¿Tiene sitio web o vende por redes sociales?"),
]
_MANAGEMENT = [
    ("registros", "¿Anota por escrito sus ventas y sus costos?"),
    ("inventario", "¿Lleva control de inventario?"),
    ("marketing", "¿Hizo acciones de marketing o publicidad el último año?"),
    ("presupuesto", "¿Hace un presupuesto del negocio?"),
    ("cuentas_separadas", "¿Separa las cuentas del negocio y las del hogar?"),
]
# The applicant's baseline for the follow-up of results (the outcomes app reads these `base_*` keys on submission),
# asked in the project step so the steps stay the same. Optional: "no sé" is an empty answer, never a refusal.
BASELINE_QUESTIONS = [
    {
        "key": "base_ventas_clp",
        "label": "Ventas del año pasado (total del año, en pesos)",
        "type": "clp",
        "min": 0,
        "help": (
            "Desde aquí, datos de su negocio el año pasado: sirven para saber, en uno y dos años más, si el apoyo "
            "ayudó. No cambian su puntaje. Si no sabe un dato, déjelo en blanco."
        ),
    },
    {
        "key": "base_compras_clp",
        "label": "Compras del año pasado (insumos y mercadería, en pesos)",
        "type": "clp",
        "min": 0,
    },
    {
        "key": "base_trabajadoras_mujeres",
        "label": "Mujeres que trabajaron con contrato en el negocio el año pasado (promedio)",
        "type": "number",
        "min": 0,
        "max": 100000,
    },
    {
        "key": "base_trabajadores_hombres",
        "label": "Hombres que trabajaron con contrato en el negocio el año pasado (promedio)",
        "type": "number",
        "min": 0,
        "max": 100000,
    },
    {
        "key": "base_remuneraciones_clp",
        "label": "Sueldos brutos pagados el año pasado (total del año, en pesos)",
        "type": "clp",
        "min": 0,
    },
    *({"key": f"base_dig_{k}", "label": label, "type": "choice", "choices": _YES_NO} for k, label in _DIGITAL),
    *({"key": f"base_ges_{k}", "label": label, "type": "choice", "choices": _YES_NO} for k, label in _MANAGEMENT),
]


def _generic_budget() -> dict:
    return {
        "key": "budget",
        "label": "Presupuesto",
        "type": "budget",
        "required": True,
        "max_lines": 20,
        "help": "El total debe respetar los montos mínimo y máximo de la convocatoria.",
        "categories": [
            {"key": "gestion", "label": "Acciones de gestión empresarial"},
            {"key": "inversion", "label": "Inversiones"},
            {"key": "capital_trabajo", "label": "Capital de trabajo"},
        ],
    }


def _budget_section(question: dict) -> dict:
    return {"key": "presupuesto", "title": "Presupuesto", "questions": [question]}


def _admissibility(enterprise: bool) -> dict:
    """Formal requirements checked one by one (Sercotec's bases list them; a fixable one opens a window to fix it)."""
    requirements = [
        {"key": "cedula", "label": "Cédula de identidad vigente", "document": "id_card"},
        {"key": "domicilio", "label": "Domicilio o negocio en la región de la convocatoria"},
        {"key": "cotizacion", "label": "Cotización de las inversiones", "document": "quotes"},
    ]
    if enterprise:
        requirements.insert(1, {"key": "inicio_actividades", "label": "Inicio de actividades ante el SII"})
    return {"requirements": requirements, "correction_business_days": 5}


def _form(prefix: str, enterprise: bool, budget: dict) -> dict:
    return {
        "folio_prefix": prefix,
        "sections": [
            _you(enterprise),
            {**PROJECT, "questions": PROJECT["questions"] + BASELINE_QUESTIONS},
            _budget_section(budget),
            DOCUMENTS,
        ],
        "rubric": RUBRIC,
        "admissibility": _admissibility(enterprise),
    }


FORMS = {
    "capital-abeja-emprende": _form("ABEJA", False, SEED_BUDGET),
    "capital-semilla-emprende": _form("SEMILLA", False, SEED_BUDGET),
    "indespa-capital-semilla": _form("INDESPA", False, _generic_budget()),
    "corfo-activa-inversion": _form("ACTIVA", True, _generic_budget()),
    "corfo-par": _form("PAR", True, _generic_budget()),
    "corfo-red-asociativa": _form("REDASOC", True, _generic_budget()),
    "sercotec-crece": _form("CRECE", True, _generic_budget()),
    "sercotec-cooperativas-creacion": _form("COOPCREA", True, _generic_budget()),
    "sercotec-cooperativas-fortalecimiento": _form("COOPFORT", True, _generic_budget()),
}
