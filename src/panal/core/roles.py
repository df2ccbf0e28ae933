"""Roles are Django groups. The code uses these slugs; users read the Spanish labels."""

APPLICANT = "applicant"
AGENCY_STAFF = "agency_staff"
EVALUATOR = "evaluator"
COMMITTEE_MEMBER = "committee_member"
ADMINISTRATOR = "administrator"

ROLE_LABELS = {
    APPLICANT: "Postulante",
    AGENCY_STAFF: "Funcionario/a de institución",
    EVALUATOR: "Evaluador/a",
    COMMITTEE_MEMBER: "Integrante de comité",
    ADMINISTRATOR: "Administrador/a",
}
ROLES = tuple(ROLE_LABELS)
# Roles that work in the back office get is_staff (the Django admin stays closed to applicants).
STAFF_ROLES = {AGENCY_STAFF, EVALUATOR, COMMITTEE_MEMBER, ADMINISTRATOR}


def has_role(user, role: str) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role).exists()
