"""Every route in the README's table opens for the role it names (and the header offers only what opens)."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
# The words of the «quién» column and the account that stands for each.
WHO = {
    "todos": None,
    "postulantes": "applicant",
    "instituciones": "agency_staff",
    "organizadores": "agency_staff",
    "evaluadores": "evaluator",
    "comités": "committee_member",
    "equipo": "administrator",
}


def readme_routes() -> list[tuple[str, str]]:
    table = README.read_text(encoding="utf-8").split("## Qué se puede hacer", 1)[1].split("\n## ", 1)[0]
    pairs = []
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        for path in re.findall(r"`(/[^`]*)`", cells[0]):
            for who in (w.strip() for w in cells[1].split(",")):
                pairs.append((path, who))
    return pairs


def test_the_readme_table_is_read():
    pairs = readme_routes()
    assert ("/mi-trabajo/", "evaluadores") in pairs and ("/postulaciones/comite/", "comités") in pairs
    unknown = {who for _, who in pairs} - set(WHO)
    assert not unknown, f"Roles del README sin cuenta de prueba: {unknown}"


@pytest.mark.parametrize(("path", "who"), readme_routes())
def test_each_readme_route_opens_for_the_role_it_names(client, make_user, reference_data, path, who):
    role = WHO[who]
    if "demo" in path:  # a page of the demo content that `make run` loads
        from panal.applications.demo import load_demo as load_forms_and_results
        from panal.catalog.demo import load_demo as load_calls

        load_calls()
        load_forms_and_results()
    if role is not None:
        agency = "sercotec" if role == "agency_staff" else None
        client.force_login(make_user(email=f"{role}@panal.cl", role=role, agency_code=agency))
    response = client.get(path, follow=True)
    assert response.status_code == 200, f"{path} como {who}: {response.status_code}"
    final = response.redirect_chain[-1][0] if response.redirect_chain else path
    assert "/cuenta/ingresar" not in final, f"{path} como {who} pide ingresar"


@pytest.mark.parametrize("role", ["agency_staff", "evaluator", "committee_member", "applicant"])
def test_the_header_offers_only_pages_the_role_can_open(client, make_user, reference_data, role):
    agency = "sercotec" if role == "agency_staff" else None
    client.force_login(make_user(email=f"{role}@panal.cl", role=role, agency_code=agency))
    home = client.get("/").content.decode()
    nav = home.split('aria-label="Su cuenta"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', nav)
    assert links
    for href in links:
        assert client.get(href, follow=True).status_code == 200, f"{role}: el encabezado ofrece {href} y no abre"
    assert ("/mi-trabajo/" in links) == (role != "applicant")
    assert "/admin/" not in links
