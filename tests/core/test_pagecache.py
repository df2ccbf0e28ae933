"""Public pages kept for visitors: the same page for everyone without a session, fresh for a logged-in person, and
fresh at once when what the page depends on changes."""

from django.test import RequestFactory

from panal.core.pagecache import for_visitors

VERSION = [1]
CALLS = []


@for_visitors(seconds=60, version=lambda: VERSION[0])
def page(request):
    from django.http import HttpResponse

    CALLS.append(request.path)
    return HttpResponse(f"página v{VERSION[0]} #{len(CALLS)}")


class Anonymous:
    is_authenticated = False


class Person:
    is_authenticated = True


def _get(user):
    request = RequestFactory().get("/instrumentos/")
    request.user = user
    return page(request).content.decode()


def test_visitors_get_the_kept_page_until_the_data_changes():
    CALLS.clear()
    first = _get(Anonymous())
    assert _get(Anonymous()) == first and len(CALLS) == 1
    VERSION[0] += 1
    assert _get(Anonymous()) != first and len(CALLS) == 2


def test_a_logged_in_person_always_gets_a_fresh_page():
    CALLS.clear()
    _get(Person())
    _get(Person())
    assert len(CALLS) == 2


def test_a_table_version_changes_with_an_insert_a_save_and_a_delete_and_only_then(db, django_assert_num_queries):
    from panal.core.models import User
    from panal.core.pagecache import table_version

    version = table_version((User, "id", "last_login"))
    with django_assert_num_queries(1):
        before = version()
    assert version() == before
    user = User.objects.create_user(email="version@example.cl", password="clave-segura-123")
    added = version()
    assert added != before
    user.last_login = user.date_joined
    user.save()
    saved = version()
    assert saved != added
    user.delete()
    assert version() not in (saved, added)
