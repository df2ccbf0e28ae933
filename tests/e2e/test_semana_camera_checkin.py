"""Check-in with the camera: Chromium's fake camera plays a video of the person's QR; the page reads it
(BarcodeDetector where the browser has it, else the bundled jsQR) and registers the attendance."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.e2e.browser import follow

from .conftest import BROWSER_ARGS, CHROMIUM

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def check_in_open_weeks_ahead(settings):
    """The activity is weeks ahead; check-in is opened that early here (its window is tested elsewhere)."""
    settings.EVENTS_CHECKIN_OPENS_MINUTES_BEFORE = 60 * 24 * 365


def write_y4m(path, png_bytes: bytes, frames: int = 10) -> None:
    """A short uncompressed video (YUV4MPEG2, 4:2:0) showing one image, for --use-file-for-fake-video-capture."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    canvas = Image.new("RGB", (640, 480), "white")
    image.thumbnail((440, 440))
    canvas.paste(image, ((640 - image.width) // 2, (480 - image.height) // 2))
    y, cb, cr = canvas.convert("YCbCr").split()
    chroma = [c.resize((320, 240)) for c in (cb, cr)]
    with open(path, "wb") as out:
        out.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        for _ in range(frames):
            out.write(b"FRAME\n" + y.tobytes() + chroma[0].tobytes() + chroma[1].tobytes())


def test_staff_check_in_by_scanning_the_qr_with_the_camera(
    live_server, playwright, tmp_path, reference_data, make_user
):
    from django.core.cache import cache

    from panal.catalog.selectors import get_agency
    from panal.events import services
    from panal.events.models import Activity, Edition, Registration
    from panal.events.qr import qr_png
    from panal.territory.selectors import get_commune, get_region

    cache.clear()
    start = timezone.localdate() + timedelta(days=5)
    edition = Edition.objects.create(
        slug="camara", year=start.year, region=get_region("06"), name="Semana", starts_on=start, ends_on=start
    )
    starts_at = datetime.combine(start, datetime.min.time(), tzinfo=ZoneInfo("America/Santiago")).replace(hour=9)
    activity = Activity.objects.create(
        edition=edition,
        title="Feria con ingreso por QR",
        type="feria",
        agency=get_agency("sercotec"),
        objective="ventas",
        audience="publico",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        commune=get_commune("06101"),
        capacity=10,
    )
    registration = services.register(activity_id=activity.pk, name="Tomás Vera", email="tomas@example.cl").registration
    video = tmp_path / "qr.y4m"
    write_y4m(video, qr_png(registration, scale=8))
    make_user(email="equipo@sercotec.cl", role="agency_staff", agency_code="sercotec", password="clave-segura-123")

    browser = playwright.chromium.launch(
        executable_path=CHROMIUM,
        args=[
            *BROWSER_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    try:
        context = browser.new_context(locale="es-CL")
        context.grant_permissions(["camera"])
        page = context.new_page()
        page.goto(f"{live_server.url}/cuenta/ingresar/?next=/semana/gestion/actividades/{activity.pk}/asistencia/")
        page.get_by_label("Correo electrónico").fill("equipo@sercotec.cl")
        page.get_by_label("Contraseña").fill("clave-segura-123")
        follow(page.get_by_role("button", name="Ingresar"))
        page.get_by_role("button", name="Escanear QR con la cámara").click()
        page.get_by_text("Asistencia registrada: Tomás Vera.").wait_for(timeout=20000)
    finally:
        browser.close()

    registration = Registration.objects.get(pk=registration.pk)
    assert registration.checked_in_at is not None
