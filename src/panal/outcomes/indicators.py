"""The indicators of the four objectives, jobs and wages, as code: unit, range, and the items each is built from.

Items are what is stored (one `Observation` per firm, year, item and source); an indicator is recomputed from its
items, so a checklist's index or a definition can change without asking anyone again. Money items given in pesos
(`*_clp`, from the application form or the survey) are converted to UF with the UF of 31 December of their year.
"""

from dataclasses import dataclass, field
from decimal import Decimal

DIGITAL_ITEMS = {
    "dig_internet": "Usa internet en el negocio",
    "dig_venta_online": "Vende por internet (tienda en línea, marketplace o redes)",
    "dig_pagos_digitales": "Recibe pagos digitales (tarjeta, transferencia o billetera)",
    "dig_factura_electronica": "Emite boleta o factura electrónica",
    "dig_software_contable": "Usa un programa de contabilidad o gestión",
    "dig_nube_pagada": "Paga algún servicio en la nube (correo, almacenamiento, sistema)",
    "dig_web_redes": "Tiene sitio web o vende por redes sociales",
}
MANAGEMENT_ITEMS = {
    "ges_registros": "Anota por escrito sus ventas y sus costos",
    "ges_inventario": "Lleva control de inventario",
    "ges_marketing": "Hizo acciones de marketing o publicidad el último año",
    "ges_presupuesto": "Hace un presupuesto del negocio",
    "ges_cuentas_separadas": "Separa las cuentas del negocio y del hogar",
}
# Every item that may be stored, with its range (min, max); None = no upper bound.
ITEMS: dict[str, tuple[Decimal, Decimal | None]] = {
    "ventas_uf": (Decimal(0), None),
    "ventas_clp": (Decimal(0), None),
    "compras_uf": (Decimal(0), None),
    "compras_clp": (Decimal(0), None),
    "trabajadores": (Decimal(0), Decimal(100000)),
    "trabajadoras_mujeres": (Decimal(0), Decimal(100000)),
    "trabajadores_hombres": (Decimal(0), Decimal(100000)),
    "remuneraciones_clp": (Decimal(0), None),
    "redes_nuevos_clientes": (Decimal(0), Decimal(100000)),
    "asociatividad": (Decimal(0), Decimal(1)),
    "sobrevivencia": (Decimal(0), Decimal(1)),
    **{key: (Decimal(0), Decimal(1)) for key in (*DIGITAL_ITEMS, *MANAGEMENT_ITEMS)},
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    low: float
    high: float | None
    definition: str
    items: tuple[str, ...] = field(default=())


INDICATORS = {
    i.key: i
    for i in (
        Indicator("ventas_uf", "Ventas netas anuales", "UF", 0, None, "Ventas netas del año, en UF.", ("ventas_uf",)),
        Indicator("compras_uf", "Compras anuales", "UF", 0, None, "Compras netas del año, en UF.", ("compras_uf",)),
        Indicator(
            "trabajadores",
            "Trabajadores",
            "personas",
            0,
            100000,
            "Promedio de trabajadores dependientes en el año (mujeres más hombres cuando se sabe por sexo).",
            ("trabajadores", "trabajadoras_mujeres", "trabajadores_hombres"),
        ),
        Indicator(
            "remuneracion_media_clp",
            "Remuneración media mensual",
            "CLP",
            0,
            None,
            "Remuneraciones brutas del año ÷ trabajadores ÷ 12.",
            ("remuneraciones_clp", "trabajadores"),
        ),
        Indicator(
            "productividad_uf",
            "Productividad por trabajador",
            "UF",
            None,
            None,
            "(Ventas − compras) ÷ trabajadores; si no se conocen las compras, ventas ÷ trabajadores (marcado).",
            ("ventas_uf", "compras_uf", "trabajadores"),
        ),
        Indicator(
            "adopcion_digital",
            "Adopción digital",
            "puntos (0 a 7)",
            0,
            7,
            "Cuántas de siete prácticas digitales usa: " + "; ".join(DIGITAL_ITEMS.values()).lower() + ".",
            tuple(DIGITAL_ITEMS),
        ),
        Indicator(
            "practicas_gestion",
            "Prácticas de gestión",
            "puntos (0 a 5)",
            0,
            5,
            "Cuántas de cinco prácticas de gestión aplica: " + "; ".join(MANAGEMENT_ITEMS.values()).lower() + ".",
            tuple(MANAGEMENT_ITEMS),
        ),
        Indicator(
            "redes_nuevos_clientes",
            "Nuevos clientes por redes",
            "clientes",
            0,
            100000,
            "Clientes o proveedores nuevos conseguidos en ruedas de negocios u otras redes en el año.",
            ("redes_nuevos_clientes",),
        ),
        Indicator(
            "asociatividad",
            "Asociatividad",
            "proporción (0 a 1)",
            0,
            1,
            "1 si es socia o socio de un gremio, cooperativa o asociación; 0 si no.",
            ("asociatividad",),
        ),
        Indicator(
            "sobrevivencia",
            "Sobrevivencia",
            "proporción (0 a 1)",
            0,
            1,
            "1 si el negocio sigue activo ese año; 0 si cerró.",
            ("sobrevivencia",),
        ),
    )
}
