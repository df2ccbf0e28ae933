"""A registration's locked part on PostgreSQL in one round trip to the database.

Every registration for an activity waits for that activity's row lock, which is held until the commit. Written with
the ORM, the locked part is six statements, each a round trip with Python in between (building SQL, waking up a
thread that waits for the interpreter lock); under a rush the lock then stays held for milliseconds while the database
idles. Here the same work is one message of two statements: lock the activity, then (with a fresh snapshot, so every
registration committed before the lock was granted is counted) decide the seat, and insert the registration, its audit
entry and its e-mail in the outbox. The rows are built from the models' own fields (`_row`), so they hold exactly
what the ORM would write; SQLite keeps the ORM path in services (its transactions take one writer at a time anyway).
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Model

from panal.core import audit

from .models import Activity, Notification, Registration, RegistrationStatus

CONFIRMED, WAITLISTED = RegistrationStatus.CONFIRMED.value, RegistrationStatus.WAITLISTED.value


@dataclass
class Decided:
    registration_id: int
    status: str
    waitlisted_before: int  # waitlisted registrations before this one (its place is this plus one)


def _row(obj: Model, sql_values: dict[str, str]) -> tuple[str, str, list]:
    """`obj`'s columns as an INSERT writes them: column list, value list and parameters; `sql_values` gives an SQL
    expression (no parameters) for some columns, instead of the object's value."""
    columns, values, params = [], [], []
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.column in sql_values:
            values.append(sql_values[field.column])
            continue
        values.append("%s")
        params.append(field.get_db_prep_save(field.pre_save(obj, add=True), connection))
    return ", ".join(columns), ", ".join(values), params


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def register_locked(*, activity_id: int, registration: Registration, now) -> Decided | None:
    """Lock the activity, seat or waitlist `registration` (an unsaved instance) and write it with its audit entry and
    notification. None when there is no such activity, or it is closed or over at `now`: nothing is written and the
    caller (holding the lock now) says why. Must run in the caller's transaction: a duplicate e-mail raises
    IntegrityError, and nothing is written."""
    entry = audit.unsaved_entry(
        actor=None,
        action="events.registration.created",
        object_type=Registration._meta.label_lower,
        object_id=0,  # replaced below by the new row's id
    )
    notification = Notification(kind=CONFIRMED)
    registration.status = CONFIRMED  # replaced below by the decision
    reg_columns, reg_values, reg_params = _row(registration, {"status": "decided.status"})
    entry_columns, entry_values, entry_params = _row(
        entry,
        {
            "object_id": "new.id::text",
            "object_repr": "left(new.name || ' · ' || decided.title, 300)",
            "after": "jsonb_build_object('status', new.status)",
        },
    )
    note_columns, note_values, note_params = _row(notification, {"registration_id": "new.id", "kind": "new.status"})
    activity, registrations = _table(Activity), _table(Registration)
    sql = (
        f"SELECT id FROM {activity} WHERE id = %s FOR UPDATE; "  # noqa: S608 (names from the models; values are parameters)
        f"WITH counts AS (SELECT COUNT(*) FILTER (WHERE status = %s) AS confirmed, "
        f"COUNT(*) FILTER (WHERE status = %s) AS waitlisted FROM {registrations} WHERE activity_id = %s), "
        f"decided AS (SELECT CASE WHEN a.capacity IS NULL OR counts.confirmed < a.capacity THEN %s ELSE %s END "
        f"AS status, counts.waitlisted, a.title FROM {activity} a, counts "
        f"WHERE a.id = %s AND a.registration_open AND a.ends_at > %s), "
        f"new AS (INSERT INTO {registrations} ({reg_columns}) SELECT {reg_values} FROM decided "
        f"RETURNING id, status, name), "
        f"logged AS (INSERT INTO {_table(type(entry))} ({entry_columns}) SELECT {entry_values} FROM new, decided), "
        f"noted AS (INSERT INTO {_table(Notification)} ({note_columns}) SELECT {note_values} FROM new) "
        f"SELECT new.id, new.status, decided.waitlisted FROM new, decided"
    )
    params = [
        activity_id,
        CONFIRMED,
        WAITLISTED,
        activity_id,
        CONFIRMED,
        WAITLISTED,
        activity_id,
        now,
        *reg_params,
        *entry_params,
        *note_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        cursor.nextset()  # the first statement's answer (the locked id) tells nothing the second does not
        row = cursor.fetchone()
    if row is None:
        return None
    return Decided(registration_id=row[0], status=row[1], waitlisted_before=row[2])
