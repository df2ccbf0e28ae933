"""Demo content: a sample agenda of the 2024 O'Higgins edition (4–8 Nov 2024, real dates and motto, invented
activities) and, because 2024 is past, a second clearly labelled practice edition next year where anyone can
try registering, cancelling and the waitlist. Atomic and idempotent (keyed by edition slug and title)."""

from datetime import date, datetime, time, timedelta

from django.db import transaction

from panal.catalog.selectors import get_agency
from panal.core.dates import SANTIAGO
from panal.territory.selectors import get_commune, get_region

from .models import Activity, Edition, Registration, RegistrationStatus

NOTE_2024 = (
    "Las fechas y el lema de la edición 2024 son reales (4 al 8 de noviembre de 2024, «La red que impulsa Chile»); "
    "las actividades, lugares, cupos e inscritos son ilustrativos, inventados para conocer Panal. La semana ya "
    "pasó: pruebe la inscripción en la edición de práctica."
)
NOTE_PRACTICE = (
    "Edición de práctica para probar la inscripción, la lista de espera y la cancelación. Sus fechas y "
    "actividades son inventadas; nada de esto ocurrirá."
)


def read_agenda(text: str) -> list[tuple]:
    """One activity per line: day (0 = first)|start|hours|type|agency|objective|audience|commune CUT or
    «en línea»|capacity or -|venue or -|title."""
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        day, start, hours, kind, agency, objective, audience, commune, capacity, venue, title = line.split("|")
        rows.append(
            (
                int(day),
                start,
                int(hours),
                title,
                kind,
                agency,
                objective,
                audience,
                None if commune == "en línea" else commune,
                "" if venue == "-" else venue,
                None if capacity == "-" else int(capacity),
            )
        )
    return rows


AGENDA_2024 = """
0|10:00|3|ceremonia|seremi-economia-06|redes|publico|06101|-|Teatro Regional de Rancagua|Inauguración regional de la Semana de las MiPymes y Cooperativas
0|15:00|3|feria|sercotec|ventas|publico|06101|-|Plaza de los Héroes|Feria de emprendedoras y emprendedores de Rancagua
0|09:30|2|taller|sercotec|ventas|emprendedores|06115|25|Centro de Negocios Sercotec Rengo|Taller: formalízate en línea con el SII
0|11:00|2|charla|sernac|ventas|mipymes|06301|60|Gobernación de Colchagua|Charla: derechos del consumidor para comercios de barrio
0|16:00|2|seminario|sernatur|redes|mipymes|06201|80|Centro Cultural Agustín Ross|Seminario: turismo rural en el secano costero
0|10:00|3|rueda|corfo|ventas|mipymes|06108|30|Sede Social Machalí|Rueda de negocios: proveedores locales para la minería
0|12:00|1|charla|ine|productividad|emprendedores|en línea|-|-|Charla en línea: cómo leer la Encuesta de Microemprendimiento
1|09:00|4|taller|ascc|tecnologia|mipymes|06117|20|Casa de la Cultura de San Vicente|Taller de eficiencia energética para pymes agroindustriales
1|10:00|3|feria|inac|redes|cooperativas|06310|-|Plaza de Armas de Santa Cruz|Feria de cooperativas campesinas de Colchagua
1|15:00|2|taller|sernameg|ventas|emprendedores|06303|8|Biblioteca Municipal de Chimbarongo|Taller: cómo postular a Capital Abeja Emprende
1|11:00|2|charla|sernapesca|productividad|mipymes|06201|40|Caleta de Pichilemu|Charla: trazabilidad y sanidad en la pesca artesanal
1|09:30|3|taller|indespa|productividad|mipymes|06205|15|Sede de la caleta La Boca|Taller: plan de negocios para la pesca artesanal de Navidad
1|17:00|2|seminario|gore-06|tecnologia|mipymes|06101|120|Edificio del Gobierno Regional|Seminario: financiamiento regional para la innovación
1|10:00|2|charla|ascc|productividad|mipymes|06304|50|Salón Municipal de Lolol|Charla: el Acuerdo de Producción Limpia para viñas
2|10:00|6|feria|indespa|ventas|publico|06201|-|Explanada de Punta de Lobos|Feria de la pesca artesanal y los sabores del mar
2|09:00|3|taller|seremi-economia-06|ventas|mipymes|06301|5|Centro de Negocios Sercotec San Fernando|Taller: vende en Mercado Público
2|15:00|3|rueda|inac|redes|cooperativas|06115|24|Club Social de Rengo|Rueda de negocios de cooperativas y compradores institucionales
2|11:00|2|seminario|sernameg|redes|cooperativas|06112|70|Centro Cultural de Peumo|Seminario: mujeres que lideran cooperativas
2|16:00|2|taller|sercotec|tecnologia|mipymes|06106|12|Biblioteca de Graneros|Taller de comercio electrónico para almacenes
2|10:30|2|charla|ine|tecnologia|emprendedores|06101|90|Universidad de O'Higgins|Charla: datos del INE para decidir dónde abrir tu negocio
2|12:00|2|charla|sernac|ventas|mipymes|06204|35|Sala Multiuso de Marchigüe|Charla: garantía legal y boletas, lo que todo comercio debe saber
3|09:30|3|taller|corfo|tecnologia|mipymes|06110|20|Casa de la Cultura de Mostazal|Taller: digitaliza tu pyme con herramientas gratuitas
3|10:00|4|feria|sernatur|ventas|publico|06307|-|Plaza de Peralillo|Feria de turismo rural del valle de Colchagua
3|15:00|2|rueda|sernatur|ventas|mipymes|06206|16|Gimnasio Municipal de Paredones|Rueda de negocios: turismo y gastronomía de la costa
3|11:00|2|charla|sernapesca|productividad|mipymes|06107|30|Sede Social de Las Cabras|Charla: acuicultura de pequeña escala en el lago Rapel
3|17:00|2|seminario|ascc|tecnologia|mipymes|06116|60|Salón Municipal de Requínoa|Seminario: economía circular en la agroindustria
3|09:00|2|taller|inac|productividad|cooperativas|06203|6|Escuela de Litueche|Taller: costos y precios para cooperativas apícolas
3|19:00|1|otra|gore-06|redes|emprendedores|en línea|-|-|Conversatorio en línea: redes de apoyo para emprender
4|10:00|2|ceremonia|seremi-economia-06|redes|publico|06101|150|Salón del Gobierno Regional|Ceremonia de premiación de las empresas destacadas de O'Higgins
4|12:00|2|ceremonia|sercotec|ventas|emprendedores|06301|100|Teatro Municipal de San Fernando|Ceremonia de certificación Capital Semilla y Capital Abeja
4|09:30|3|taller|corfo|ventas|mipymes|06310|4|Centro de Extensión de Santa Cruz|Taller: exportar por primera vez
4|15:00|2|otra|indespa|redes|cooperativas|06205|10|Caleta Bucalemu|Visita guiada a la cooperativa de pescadores de Bucalemu
4|11:00|2|charla|ine|productividad|publico|06202|40|Biblioteca de La Estrella|Charla: el Censo 2024 para planificar la oferta local
"""  # noqa: E501

PRACTICE = """
0|10:00|2|taller|sercotec|tecnologia|emprendedores|06101|3|Sala de práctica|Taller de práctica: vende por internet (cupos pequeños)
0|15:00|3|feria|inac|redes|cooperativas|06310|-|Plaza de práctica|Feria de práctica de cooperativas
1|09:30|2|rueda|corfo|ventas|mipymes|06201|5|Salón de práctica|Rueda de negocios de práctica
1|16:00|2|charla|sernac|ventas|publico|06301|40|Auditorio de práctica|Charla de práctica: consumo responsable
2|11:00|2|seminario|ine|tecnologia|emprendedores|en línea|200|-|Seminario de práctica en línea: datos para emprender
3|10:00|2|taller|indespa|productividad|mipymes|06205|2|Caleta de práctica|Taller de práctica: pesca artesanal con valor agregado
4|12:00|1|ceremonia|seremi-economia-06|redes|publico|06101|80|Salón de práctica|Ceremonia de práctica: cierre de la Semana
"""  # noqa: E501

DESCRIPTIONS = {
    "feria": "Muestra y venta de productos y servicios de emprendimientos y cooperativas de la zona.",
    "taller": "Sesión práctica en grupo pequeño; traiga su celular o computador si tiene.",
    "rueda": "Reuniones breves agendadas entre MiPymes y compradores; inscripción previa obligatoria.",
    "seminario": "Exposiciones y conversación con especialistas, con preguntas del público.",
    "charla": "Presentación breve y preguntas.",
    "ceremonia": "Acto público con autoridades regionales.",
    "otra": "Actividad abierta de la Semana.",
}

# Fictitious attendees of two 2024 activities, so the attendance list and certificate verification show something.
SAMPLE_PEOPLE = [
    ("Camila Fuentes (ejemplo)", "camila.fuentes@example.cl", True),
    ("Jorge Muñoz (ejemplo)", "jorge.munoz@example.cl", True),
    ("Valentina Rojas (ejemplo)", "valentina.rojas@example.cl", False),
]


def _third_monday_of_october(year: int) -> date:
    first = date(year, 10, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 14)


def _edition(slug: str, **fields) -> Edition:
    edition, _ = Edition.objects.update_or_create(slug=slug, defaults={"region": get_region("06"), **fields})
    return edition


def _activities(edition: Edition, rows, *, open_registration: bool) -> list[Activity]:
    made = []
    for day, start, hours, title, kind, agency, objective, audience, commune, venue, capacity in read_agenda(rows):
        hour, minute = (int(p) for p in start.split(":"))
        starts_at = datetime.combine(edition.starts_on + timedelta(days=day), time(hour, minute), tzinfo=SANTIAGO)
        online = commune is None
        activity, _ = Activity.objects.update_or_create(
            edition=edition,
            title=title,
            defaults={
                "description": DESCRIPTIONS[kind] + " Actividad de ejemplo.",
                "type": kind,
                "agency": get_agency(agency),
                "objective": objective,
                "audience": audience,
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(hours=hours),
                "venue": venue,
                "address": "",
                "commune": None if online else get_commune(commune),
                "online_url": "https://example.cl/transmision-de-ejemplo" if online else "",
                "capacity": capacity,
                "registration_open": open_registration,
            },
        )
        made.append(activity)
    return made


@transaction.atomic
def load_demo() -> str:
    edition_2024 = _edition(
        "ohiggins-2024",
        year=2024,
        name="Semana de las MiPymes y Cooperativas 2024 · O'Higgins",
        motto="La red que impulsa Chile",
        starts_on=date(2024, 11, 4),
        ends_on=date(2024, 11, 8),
        is_sample=True,
        sample_note=NOTE_2024,
    )
    activities_2024 = _activities(edition_2024, AGENDA_2024, open_registration=False)

    year = date.today().year + 1
    start = _third_monday_of_october(year)
    practice = Edition.objects.filter(slug="practica-inscripcion").first()
    if practice is None or practice.ends_on < date.today():
        practice = _edition(
            "practica-inscripcion",
            year=year,
            name=f"Edición de práctica {year} · O'Higgins (ejemplo)",
            motto="Pruebe aquí la inscripción",
            starts_on=start,
            ends_on=start + timedelta(days=4),
            is_sample=True,
            sample_note=NOTE_PRACTICE,
        )
    practice_activities = _activities(practice, PRACTICE, open_registration=True)

    # A few fictitious attendees of the opening ceremony (checked in, with certificates) for the staff pages.
    opening = activities_2024[0]
    for number, (name, email, present) in enumerate(SAMPLE_PEOPLE, start=1):
        Registration.objects.update_or_create(
            activity=opening,
            email_normalized=email,
            defaults={
                "code": f"demo-2024-{number:03d}",
                "name": name,
                "email": email,
                "status": RegistrationStatus.CONFIRMED,
                "checked_in_at": opening.starts_at + timedelta(minutes=10 * number) if present else None,
                "certificate_code": f"DEMO2024{number:08d}" if present else None,
            },
        )
    return (
        f"Semana 2024 O'Higgins: {len(activities_2024)} actividades de ejemplo (sin inscripción, ya pasó); "
        f"edición de práctica {practice.year}: {len(practice_activities)} actividades con inscripción abierta."
    )
