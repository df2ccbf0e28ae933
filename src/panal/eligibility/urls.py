from django.urls import path

from . import views, views_alerts

app_name = "eligibility"

urlpatterns = [
    path("", views.eligibility_wizard, name="wizard"),
    path("avisame/", views_alerts.manage, name="alerts"),
    path("avisame/baja/<str:token>/", views_alerts.unsubscribe, name="alerts_unsubscribe"),
]
