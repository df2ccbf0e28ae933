"""Public pages kept whole for visitors without a session: rendering them is most of their cost and they are the
same for everyone. A logged-in person (their name in the header, a CSRF token) or a pending message always gets a
fresh page. `version` (optional) returns what the page depends on, so a change shows at once.

`table_version` builds such a `version`: one SQL statement reading the row count and the largest value of a few
columns of each table the page is drawn from, so checking costs one cheap query per request, not a render."""

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse


def for_visitors(*, seconds: int, version=None):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not is_visitor(request):
                return view(request, *args, **kwargs)
            stamp = repr((view.__module__, view.__name__, request.get_full_path(), version() if version else None))
            key = "pagina:" + hashlib.sha256(stamp.encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, headers = cached
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, dict(response.headers)), seconds)
            return response

        return wrapper

    return decorator


def is_visitor(request) -> bool:
    """A GET without a session's person or a pending message: what it is shown is the same for everyone."""
    return request.method == "GET" and not request.user.is_authenticated and "messages" not in request.COOKIES


def table_version(*sources: tuple) -> Callable[[], tuple]:
    """`table_version((Call, "updated_at"), (Registration, "id", "cancelled_at"))` → a function returning, read in
    one statement, each table's row count and the maximum of each column named. An insert, a delete or a `save()`
    that moves one of those columns (`auto_now` fields do on every save) changes it; a `QuerySet.update()` that
    leaves them alone does not, which is why the pages using it also expire after a while."""
    sql: list[str] = []

    def version() -> tuple:
        if not sql:  # built on first use: the models' tables are known only once the apps are loaded
            # Only the models' own table and column names, quoted, reach the SQL: nothing a request carries.
            quote = connection.ops.quote_name
            parts = []
            for model, *columns in sources:
                table = quote(model._meta.db_table)
                parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 (names from the models, quoted)
                parts += [
                    f"(SELECT MAX({quote(model._meta.get_field(c).column)}) FROM {table})"  # noqa: S608 (as above)
                    for c in columns
                ]
            sql.append("SELECT " + ", ".join(parts))
        with connection.cursor() as cursor:
            cursor.execute(sql[0])
            return tuple(cursor.fetchone())

    version.sources = sources
    return version


def combined_version(*versions: Callable[[], tuple]) -> Callable[[], tuple]:
    """Several `table_version` functions read in one statement (a page drawn from several apps' data)."""
    return table_version(*(source for version in versions for source in version.sources))
