import os
import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.usefixtures("reference_data")


def test_home_page_says_what_panal_is_for_in_spanish(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="es-CL">' in html
    assert "MiPymes y cooperativas" in html
    assert "Territorio" in html
    assert "Región del Libertador General Bernardo O&#x27;Higgins" in html


def test_pages_have_skip_link_landmarks_and_one_h1(client):
    for path in ["/", "/territorio/", "/territorio/regiones/06/", "/territorio/comunas/06101/", "/cuenta/ingresar/"]:
        html = client.get(path).content.decode()
        assert 'href="#contenido"' in html, path
        assert '<main id="contenido"' in html and "<header" in html and "<footer" in html, path
        assert len(re.findall(r"<h1[ >]", html)) == 1, path


def test_no_asset_is_loaded_from_another_site(client):
    for path in ["/", "/territorio/regiones/06/", "/api/v1/docs", "/cuenta/ingresar/"]:
        html = client.get(path).content.decode()
        external = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//[^"]+"', html)
        assert external == [], (path, external)


def test_static_files_and_htmx_are_served_locally(client):
    assert client.get("/static/panal/css/panal.css").status_code == 200
    html = client.get("/").content.decode()
    htmx = re.search(r'src="(/static/django_htmx/[^"]+)"', html).group(1)
    assert client.get(htmx).status_code == 200


def test_openapi_schema_is_published(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/reference/uf" in schema["paths"]
    assert "/api/v1/territory/communes" in schema["paths"]


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "PANAL_ENV": "production", "PANAL_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='panal.settings'; django.setup()",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY es obligatoria" in result.stderr


def test_local_run_generates_a_secret_key_once_and_keeps_it(tmp_path):
    env = {**os.environ, "PANAL_VAR_DIR": str(tmp_path)}
    env.pop("SECRET_KEY", None)
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='panal.settings'; django.setup(); "
    code += "from django.conf import settings; print(settings.SECRET_KEY)"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout == second.stdout and len(first.stdout.strip()) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_logged_in_people_see_their_own_links_and_staff_also_the_back_office(client, make_user):
    client.force_login(make_user(email="ana@example.cl"))
    html = client.get("/").content.decode()
    assert ">Mis datos<" in html and ">Mis postulaciones<" in html
    assert ">Registro<" not in html and "/admin/" not in html
    client.force_login(make_user(email="funcionaria@sercotec.cl", role="agency_staff", agency_code="sercotec"))
    html = client.get("/").content.decode()
    assert ">Registro<" in html and ">Actividades de la Semana<" in html and ">Mi trabajo<" in html
    # The admin holds nothing for agency staff (no model permissions): it is not offered.
    assert "/admin/" not in html


def test_api_choice_errors_read_entirely_in_spanish(client):
    response = client.get("/api/v1/cooperatives?class=minera")
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert "«class»" in message and " o " in message and " or " not in message


def test_not_found_pages_are_spanish_and_never_show_internals(client, reference_data):
    unknown = client.get("/no-existe-esta-direccion/")
    text = unknown.content.decode()
    assert unknown.status_code == 404
    assert "No encontramos esta página" in text and "Instrumentos y convocatorias" in text
    assert "Resolver404" not in text and "tried" not in text and "no-existe-esta-direccion" not in text
    ours = client.get("/territorio/regiones/42/").content.decode()
    assert "No existe la región con código «42»" in ours
