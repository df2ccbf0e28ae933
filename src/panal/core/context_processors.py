from django.conf import settings
from django.urls import NoReverseMatch, reverse

# The main sections; a section whose app has not arrived yet shows as "próximamente" instead of a dead link.
SECTIONS = [
    ("catalog:list", "Instrumentos y convocatorias"),
    ("events:agenda", "Semana de las MiPymes"),
    ("dashboard:figures", "Cifras"),
    ("territory:regions", "Territorio"),
]


def _sections():
    found = []
    for name, label in SECTIONS:
        try:
            found.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            found.append({"label": label, "url": None})
    return found


def site(request):
    return {"panal_sections": _sections(), "panal_region": settings.PANAL_REGION}
