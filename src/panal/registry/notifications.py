"""E-mails of the registry, each a `panal.core.jobs` job queued by a service inside its transaction (so it is sent
only once the change commits): the person who claimed to represent an enterprise or cooperative learns whether staff
verified or rejected it, and why."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from panal.core.jobs import job

from .models import REPRESENTATION_ROLES, RepresentationClaim

SUBJECTS = {
    "verified": "Verificamos su representación de {name}",
    "rejected": "Su solicitud de representación de {name} fue rechazada",
}


@job
def send_claim_reviewed_email(claim_id: int) -> None:
    claim = RepresentationClaim.objects.select_related("user", "person").filter(pk=claim_id).first()
    if claim is None or claim.state not in SUBJECTS:
        return
    to = claim.user.email or claim.person.email
    if not to:
        return
    context = {
        "claim": claim,
        "role": REPRESENTATION_ROLES.get(claim.role, claim.role).lower(),
        "url": settings.PANAL_BASE_URL.rstrip("/") + reverse("registry:my_claims"),
    }
    send_mail(
        SUBJECTS[claim.state].format(name=claim.legal_name),
        render_to_string("registry/email/claim_reviewed.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [to],
    )
