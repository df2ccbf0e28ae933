"""Fast bulk writes for imports: one prepared statement run with `executemany`.

`bulk_create`/`bulk_update` build a model instance and compile an expression per cell (~40 s per 100,000 rows);
here rows are plain dicts (attname → value) and only the fields whose values need the backend's adaptation (dates,
date-times) go through Django's `get_db_prep_save`; the rest are passed as they are. Values must already
be clean (the import validated them; RUTs are canonical)."""

from django.db import connection, models

MULTI_ROW = 1000  # rows per INSERT statement outside SQLite (well under PostgreSQL's 65,535 parameters)


def _converter(field):
    # Decimals (already quantized by the import) and the rest go to the driver as they are; dates and date-times need
    # the backend's adaptation (e.g. aware date-times to UTC text on SQLite), memoised since values repeat.
    if isinstance(field, models.DateField):  # DateTimeField is a DateField
        memo = {}

        def convert(value):
            if value is None:
                return None
            try:
                return memo[value]
            except KeyError:
                memo[value] = result = field.get_db_prep_save(value, connection)
                return result
            except TypeError:  # unhashable: never for these fields, but stay correct
                return field.get_db_prep_save(value, connection)

        return convert
    return None


def _fields(model, names=None):
    concrete = [f for f in model._meta.concrete_fields if not f.primary_key]
    if names is None:
        return concrete
    by_name = {f.name: f for f in concrete} | {f.attname: f for f in concrete}
    return [by_name[name] for name in names]


def _default(field):
    return field.get_default()  # "" for text fields without a default, None for nullable ones


def insert_rows(model, rows: list[dict]) -> None:
    """INSERT every row (a dict attname → value; missing fields get the field's default)."""
    if not rows:
        return
    fields = _fields(model)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    plan = [(f.attname, _default(f)) for f in fields]
    converters = [(i, c) for i, c in enumerate(_converter(f) for f in fields) if c is not None]
    params = []
    for row in rows:
        get = row.get
        line = [get(attname, default) for attname, default in plan]
        for i, convert in converters:
            line[i] = convert(line[i])
        params.append(line)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":  # executemany runs in C on SQLite: fastest there
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", params)  # noqa: S608
            return
        if connection.vendor == "postgresql":  # COPY: one stream, values adapted by psycopg
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for line in params:
                    copy.write_row(line)
            return
        # Other backends: multi-row VALUES (executemany would cost a round trip per row).
        for start in range(0, len(params), MULTI_ROW):
            part = params[start : start + MULTI_ROW]
            values = ", ".join([one] * len(part))
            flat = [value for line in part for value in line]
            cursor.execute(f"INSERT INTO {table} ({names}) VALUES {values}", flat)  # noqa: S608


def update_rows(model, objs: list, names) -> None:
    """UPDATE table SET names WHERE pk = obj.pk, for every model instance in objs."""
    if not objs:
        return
    fields = _fields(model, list(names))
    quote = connection.ops.quote_name
    pk = model._meta.pk
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - names come from model metadata, values are params
        quote(model._meta.db_table),
        ", ".join(f"{quote(f.column)} = %s" for f in fields),
        quote(pk.column),
    )
    plan = [(f, _converter(f)) for f in fields]
    params = [[*((c(getattr(o, f.attname)) if c else getattr(o, f.attname)) for f, c in plan), o.pk] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def pk_by_value(model, column: str, values, chunk: int = 900) -> dict:
    """{value: pk} for rows whose `column` is one of `values` (raw SQL: no per-value field preparation)."""
    values = sorted(set(values))
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    found = {}
    with connection.cursor() as cursor:
        for start in range(0, len(values), chunk):
            part = values[start : start + chunk]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"SELECT {quote(column)}, {pk} FROM {table} WHERE {quote(column)} IN ({marks})", part)  # noqa: S608
            found.update(cursor.fetchall())
    return found
