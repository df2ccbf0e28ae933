"""Public pages kept whole for visitors without a session: rendering them is most of their cost and they are the
same for everyone. A logged-in person (their name in the header, a CSRF token) or a pending message always gets a
fresh page. `version` (optional) returns what the page depends on, so a change shows at once."""

import functools
import hashlib

from django.core.cache import cache
from django.http import HttpResponse


def for_visitors(*, seconds: int, version=None):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            anonymous = not request.user.is_authenticated and "messages" not in request.COOKIES
            if not anonymous or request.method != "GET":
                return view(request, *args, **kwargs)
            stamp = repr((view.__module__, view.__name__, request.get_full_path(), version() if version else None))
            key = "pagina:" + hashlib.sha256(stamp.encode()).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), seconds)
            return response

        return wrapper

    return decorator
