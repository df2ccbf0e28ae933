import json

from django.db import transaction

from panal.data import DATA_DIR

from .models import Agency


@transaction.atomic
def load_reference() -> str:
    rows = json.loads((DATA_DIR / "catalog" / "agencies.json").read_text(encoding="utf-8"))
    Agency.objects.bulk_create(
        [Agency(**row) for row in rows],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "url"],
    )
    return f"{Agency.objects.count()} instituciones."
