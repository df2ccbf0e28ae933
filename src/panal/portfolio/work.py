"""The grantee projects' back-office link in the header, for the accounts that follow projects (collected by core,
like `loaders`)."""

from django.urls import reverse

from panal.core.roles import ADMINISTRATOR, AGENCY_STAFF, has_role


def header_links(user) -> list[dict]:
    if not (has_role(user, AGENCY_STAFF) or has_role(user, ADMINISTRATOR)):
        return []
    return [{"label": "Proyectos y gastos", "url": reverse("portfolio:expense_queue")}]
