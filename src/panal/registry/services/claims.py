"""A person registers the enterprise or cooperative they represent, with a proving document (certificado de
vigencia, escritura ...); staff verify it (then the enterprise, if new, and the representation are created) or reject
it with a note. Pending, it gives no access to anything of the organisation."""

import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone

from panal.core import audit
from panal.core.errors import DomainError, PermissionDenied

from .. import cleaning as c
from ..models import REPRESENTATION_ROLES, RepresentationClaim
from ..notifications import send_claim_reviewed_email
from ..selectors import can_use_back_office, get_enterprise_by_rut, person_for_user
from .common import resolve_commune
from .enterprises import create_enterprise
from .representation import add_representation

MAGIC = {"pdf": (b"%PDF-",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",), "png": (b"\x89PNG\r\n\x1a\n",)}
MAX_BYTES = 10 * 1024 * 1024


def _check_document(file) -> tuple[str, str, str]:
    name = (getattr(file, "name", "") or "documento").rsplit("/", 1)[-1][:150]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    head = file.read(16)
    file.seek(0)
    if ext not in MAGIC or not any(head.startswith(m) for m in MAGIC[ext]):
        raise DomainError("El documento debe ser un PDF, JPG o PNG (revisamos su contenido).", field="document")
    if not 0 < file.size <= MAX_BYTES:
        raise DomainError("El documento debe pesar entre 1 byte y 10 MB.", field="document")
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return name, ext, digest.hexdigest()


@transaction.atomic
def file_claim(*, actor, rut, legal_name, legal_form, role, commune, document) -> RepresentationClaim:

    person = person_for_user(actor)
    if person is None:
        raise DomainError("Primero complete su ficha de persona.", field="person")
    rut = c.clean_rut(rut)
    legal_name = c.clean_required_text(legal_name, "legal_name", "La razón social", 200)
    legal_form = c.clean_legal_form(legal_form)
    if legal_form == "persona_natural":
        raise DomainError(
            "Una persona natural con giro postula a su nombre: no necesita esta solicitud.", field="legal_form"
        )
    role = c.clean_role(role)
    commune_obj = resolve_commune(commune)
    if commune_obj is None:
        raise DomainError("Indique la comuna de la empresa o cooperativa.", field="commune")
    if document is None:
        raise DomainError("Adjunte el documento que acredita la representación.", field="document")
    name, ext, sha = _check_document(document)
    if RepresentationClaim.objects.filter(person=person, rut=rut, state="pending").exists():
        raise DomainError("Ya tiene una solicitud pendiente para ese RUT.", field="rut")
    claim = RepresentationClaim(
        user=actor,
        person=person,
        rut=rut,
        legal_name=legal_name,
        legal_form=legal_form,
        role=role,
        commune=commune_obj,
        document_name=name,
        sha256=sha,
    )
    claim.document.save(f"{secrets.token_hex(6)}.{ext}", document, save=False)
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError as exc:
        raise DomainError("Ya tiene una solicitud pendiente para ese RUT.", field="rut") from exc
    audit.record(actor=actor, action="registry.claim.filed", obj=claim, after={"rut": rut, "role": role})
    return claim


@transaction.atomic
def review_claim(*, claim: RepresentationClaim, actor, verify: bool, note: str = "") -> RepresentationClaim:

    if not can_use_back_office(actor):
        raise PermissionDenied("Solo el equipo de las instituciones verifica representaciones.", field="claim")
    claim = RepresentationClaim.objects.select_for_update().select_related("person").get(pk=claim.pk)
    if claim.person.user_id == actor.pk:
        raise PermissionDenied("No puede verificar su propia solicitud.", field="claim")
    if claim.state != "pending":
        raise DomainError(f"La solicitud ya está {claim.get_state_display().lower()}.", field="state")
    note = (note or "").replace("\x00", "").strip()[:2000]
    if not verify and not note:
        raise DomainError("Indique por qué se rechaza la solicitud.", field="note")
    if verify:
        enterprise = get_enterprise_by_rut(claim.rut) or create_enterprise(
            rut=claim.rut,
            legal_name=claim.legal_name,
            legal_form=claim.legal_form,
            commune=claim.commune_id,
            actor=actor,
        )
        add_representation(person=claim.person, enterprise=enterprise, role=claim.role, actor=actor)
        claim.enterprise = enterprise
    claim.state = "verified" if verify else "rejected"
    claim.note, claim.reviewed_by, claim.reviewed_at = note, actor, timezone.now()
    claim.save(update_fields=["state", "note", "reviewed_by", "reviewed_at", "enterprise"])
    name = claim.state  # verified or rejected
    audit.record(actor=actor, action=f"registry.claim.{name}", obj=claim, reason=note)
    send_claim_reviewed_email.enqueue(claim.pk)  # sent once the review commits
    return claim


ROLES = REPRESENTATION_ROLES
