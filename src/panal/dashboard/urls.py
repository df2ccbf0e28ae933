from django.urls import path, register_converter

from . import views


class FormatConverter:
    regex = "csv|xlsx"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "fmt")

app_name = "dashboard"
urlpatterns = [
    path("", views.figures, name="figures"),
    path("proyectos/", views.rows, name="rows"),
    path("proyectos.<fmt:fmt>", views.rows_download, name="rows_download"),
    path("proyectos/<str:code>/", views.project_detail, name="project"),
    path("cifra/<slug:dimension>.<fmt:fmt>", views.figure_download, name="figure_download"),
    path("cdpr/", views.cdpr, name="cdpr"),
    path("contexto/", views.regional_context, name="context"),
]
