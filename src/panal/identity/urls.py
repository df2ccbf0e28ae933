from django.urls import path

from . import mock, views, views_otp

app_name = "identity"
urlpatterns = [
    path("cuenta/claveunica/", views.entry, name="entry"),
    path("cuenta/claveunica/ingresar/", views.start, name="start"),
    path("cuenta/claveunica/callback/", views.callback, name="callback"),
    path("cuenta/claveunica/salir/", views.logout_view, name="logout"),
    path("cuenta/segundo-factor/", views_otp.second_factor, name="otp"),
    path("cuenta/segundo-factor/qr.svg", views_otp.enrolment_qr, name="otp_qr"),
]

# The fake provider: every view answers 404 unless CLAVEUNICA_MODE=mock (mock.only_in_mock).
mock_urlpatterns = [
    path("dev/claveunica/authorize/", mock.authorize, name="mock_authorize"),
    path("dev/claveunica/token/", mock.token, name="mock_token"),
    path("dev/claveunica/userinfo/", mock.userinfo, name="mock_userinfo"),
    path("dev/claveunica/logout/", mock.logout, name="mock_logout"),
]
