"""Every write to the registry. Keyword-only, atomic, Spanish DomainError naming the field, audited.

`people`, `enterprises` (with yearly figures and cooperatives) and `representation`; `common` holds what they
share. Callers import from `panal.registry.services`."""

from .claims import file_claim, review_claim  # noqa: F401
from .common import (  # noqa: F401
    COOPERATIVE_FIELDS,
    ENTERPRISE_FIELDS,
    PERSON_FIELDS,
    clean_registries,
    derived_sales,
    refresh_derived,
    resolve_activity,
    resolve_commune,
)
from .enterprises import (  # noqa: F401
    clean_cooperative_values,
    clean_enterprise_values,
    clean_year_values,
    create_enterprise,
    set_cooperative,
    set_enterprise_year,
    update_enterprise,
)
from .identity import LINKED, PENDING_MERGE, declare_own_person, staff_verify_account, verify_identity  # noqa: F401
from .people import (  # noqa: F401
    clean_person_values,
    create_person,
    record_consent,
    record_rut_reveal,
    update_person,
)
from .representation import add_representation, remove_representation  # noqa: F401
