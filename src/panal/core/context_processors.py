from django.conf import settings
from django.urls import NoReverseMatch, reverse

# The main sections; a section whose app has not arrived yet shows as "próximamente" instead of a dead link.
SECTIONS = [
    ("catalog:list", "Instrumentos y convocatorias"),
    ("events:agenda", "Semana de las MiPymes"),
    ("dashboard:figures", "Cifras"),
    ("outcomes:index", "Resultados"),
    ("territory:regions", "Territorio"),
]


# What a logged-in person reaches from the header; staff links only for back-office accounts.
PERSONAL_LINKS = [
    ("registry:my_data", "Mis datos"),
    ("applications:mine", "Mis postulaciones"),
]
STAFF_LINKS = [
    ("registry:search", "Registro"),
    ("applications:staff_list", "Gestión de postulaciones"),
    ("events:manage", "Gestión de actividades"),
]


def _links(names):
    found = []
    for name, label in names:
        try:
            found.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            found.append({"label": label, "url": None})
    return found


def site(request):
    context = {"panal_sections": _links(SECTIONS), "panal_region": settings.PANAL_REGION}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        links = _links(PERSONAL_LINKS) + (_links(STAFF_LINKS) if user.is_staff else [])
        context["panal_account_links"] = [link for link in links if link["url"]]
    return context
