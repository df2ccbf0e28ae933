import os

from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")
application = get_wsgi_application()

# `panal serve` loads this module once in gunicorn's master (--preload) and forks its workers from it: importing every
# view now (Django would on the first request, in each worker) lets them answer at once and share that memory. Nothing
# here opens a database connection, and any that did is closed so no worker inherits a socket it would share.
get_resolver().url_patterns  # noqa: B018 (the attribute's access is what imports the URLconf)
connections.close_all()
