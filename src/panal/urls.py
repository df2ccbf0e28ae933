from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from panal.api import api

urlpatterns = [
    path("", include("panal.pages.urls")),
    path("cuenta/", include("panal.core.account_urls")),
    path("territorio/", include("panal.territory.urls")),
    path("instrumentos/", include("panal.catalog.urls")),
    path("a-que-puedo-postular/", include("panal.eligibility.urls")),
    path("semana/", include("panal.events.urls")),
    path("postulaciones/", include("panal.applications.urls")),
    path("cifras/", include("panal.dashboard.urls")),
    path("", include("panal.registry.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = "panal.core.views.page_not_found"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
