from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from panal.api import api
from panal.identity.urls import mock_urlpatterns

urlpatterns = [
    path("", include("panal.pages.urls")),
    path("", include("panal.identity.urls")),
    path("cuenta/", include("panal.core.account_urls")),
    path("territorio/", include("panal.territory.urls")),
    path("instrumentos/", include("panal.catalog.urls")),
    path("a-que-puedo-postular/", include("panal.eligibility.urls")),
    path("semana/", include("panal.events.urls")),
    path("ruedas/", include("panal.networks.urls")),
    path("postulaciones/", include("panal.applications.urls")),
    path("cifras/", include("panal.dashboard.urls")),
    path("proyectos/", include("panal.portfolio.urls")),
    path("resultados/", include("panal.outcomes.urls")),
    path("", include("panal.registry.urls")),
    path("", include("panal.privacy.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

# The ClaveÚnica simulator: every route answers 404 unless CLAVEUNICA_MODE=mock at request time (and mock mode
# refuses to start in production), so a forgeable login never coexists with the real one.
urlpatterns += mock_urlpatterns

handler404 = "panal.core.views.page_not_found"

if settings.DEBUG:
    pass

if settings.DEBUG:
    # Uploads are never rendered by the browser, even in development: always a download (core.uploads).
    from panal.core.views import media_download

    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", media_download)]
