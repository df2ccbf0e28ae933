from django.conf import settings
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

from . import roles
from .hooks import app_hooks

# The main sections; a section whose app has not arrived yet shows as "próximamente" instead of a dead link.
SECTIONS = [
    ("eligibility:wizard", "¿A qué puedo postular?"),
    ("catalog:list", "Instrumentos y convocatorias"),
    ("events:agenda", "Semana de las MiPymes"),
    ("networks:list", "Ruedas de negocios"),
    ("dashboard:figures", "Cifras"),
    ("outcomes:index", "Resultados"),
    ("territory:regions", "Territorio"),
]


# What a logged-in person reaches from the header. Back-office links come from each app's `work.header_links`,
# which offers only what that account can open (an evaluator sees no registry, an applicant no back office).
PERSONAL_LINKS = [
    ("registry:my_data", "Mis datos"),
    ("applications:mine", "Mis postulaciones"),
    ("portfolio:mine", "Mis proyectos"),
]


def _links(names):
    found = []
    for name, label in names:
        try:
            found.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            found.append({"label": label, "url": None})
    return found


def account_links(user) -> list[dict]:

    links = []
    if any(roles.has_role(user, role) for role in roles.STAFF_ROLES):
        links.append({"label": "Mi trabajo", "url": reverse("pages:my_work")})
    for _label, header_links in app_hooks("work", "header_links"):
        links.extend(header_links(user))
    links.extend(link for link in _links(PERSONAL_LINKS) if link["url"])
    return links


def site(request):
    context = {"panal_sections": _links(SECTIONS), "panal_region": settings.PANAL_REGION}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["panal_account_links"] = account_links(user)
        context["panal_admin_link"] = _admin_shows_something(user)
    return context


def _admin_shows_something(user) -> bool:
    """Offer the Django admin only to accounts that would find a model there (others saw an empty page)."""

    if not user.is_staff:
        return False
    labels = {model._meta.app_label for model in admin.site._registry}
    return any(user.has_module_perms(label) for label in labels)
