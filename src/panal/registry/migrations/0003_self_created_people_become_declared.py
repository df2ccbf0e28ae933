"""Issue 10, hole 5, for existing databases: a person record an account holder created about themselves (the audit
log shows the account as the creator) and that no verified identity bound becomes a declared record: its RUT stops
being the registry's, so later imports and staff look-ups can no longer reach that account."""

from django.db import migrations


def forwards(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    AuditEntry = apps.get_model("core", "AuditEntry")
    candidates = Person.objects.filter(user__isnull=False, identity_verified_at__isnull=True, rut__isnull=False)
    for person in candidates.iterator():
        self_created = AuditEntry.objects.filter(
            object_type="registry.person",
            object_id=str(person.pk),
            action="registry.person.created",
            actor_id=person.user_id,
        ).exists()
        if self_created:
            Person.objects.filter(pk=person.pk).update(declared_rut=person.rut, rut=None)


def backwards(apps, schema_editor):
    pass  # the claims stay claims: turning them back into registry records would reopen the hole


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_person_declared_rut_and_verified_identity"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
