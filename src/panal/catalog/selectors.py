from .models import Agency, AgencyStaff


def agencies():
    return Agency.objects.order_by("short_name")


def get_agency(code: str) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def agencies_of(user) -> list[Agency]:
    """The agencies a staff account works for."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [m.agency for m in AgencyStaff.objects.filter(user=user).select_related("agency")]
