"""The region's own figures: what the Seremi de Economía of O'Higgins gave as context for the Semana 2024, each
quoted with who said it and, where one exists, a public source to compare with. These are quotations, not figures
Panal computes; the page that shows them keeps them apart from Panal's own (`/cifras/`)."""

SEREMI_COLUMN = (
    "Columna de la Seremi de Economía de O'Higgins, noviembre de 2024 (Semana de las MiPymes y Cooperativas)"
)

REGIONAL_CONTEXT = [
    {
        "figure": "Más de $22.000 millones",
        "text": "ejecutados en la región a través del Comité de Desarrollo Productivo Regional (CDPR).",
        "attribution": SEREMI_COLUMN,
        "public": [],
    },
    {
        "figure": "Cerca de 100 cooperativas",
        "text": "con unos 100.000 socios y socias en la Región de O'Higgins.",
        "attribution": SEREMI_COLUMN,
        "public": [],
    },
    {
        "figure": "$300 millones",
        "text": "del Gobierno Regional, a través de Sercotec, para cooperativas de la región.",
        "attribution": SEREMI_COLUMN,
        "public": [],
    },
    {
        "figure": "Más de 1.800 cooperativas",
        "text": "con dos millones de socios y socias en el país.",
        "attribution": SEREMI_COLUMN,
        "public": [
            (
                "1.918 cooperativas vigentes y activas en abril de 2024 y 2.159 en abril de 2025, con más de 2 "
                "millones de socios (División de Asociatividad y Cooperativas, citada por Radio Polar)",
                "https://www.radiopolar.com/cooperativas-asociatividad-siguen-alza",
            ),
            (
                "2.086 cooperativas y 2.158.254 socios y socias a diciembre de 2024 (Rumbo Colectivo)",
                "https://rumbocolectivo.cl/instrumentos/2025/05/20/fortalecimiento-de-cooperativas-y-formalizacion-laboral",
            ),
        ],
    },
]
