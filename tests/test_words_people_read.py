"""Nothing internal reaches a page: the demo is crawled as each role (every page reached by links from the home and
the role's own pages) and the text people read must hold no code names (`first_names`, `registry.person.created`),
no English (`eligible`, `Access attempts`, `Resolver404`) and no Python values (`None`, `True`)."""

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

MAX_PAGES = 160
PER_SHAPE = 2  # /cifras/proyectos/A/ and /cifras/proyectos/B/ are the same template: two of each are enough
SKIP = re.compile(r"\.(csv|xlsx|pdf|ics|json|png|svg|zip)$|^/api/|^/static/|^/media/|/salir/|logout|/admin/logout/")
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}

APPS = "core|territory|reference|registry|catalog|eligibility|applications|portfolio|dashboard|opendata|events|pages"
FORBIDDEN = [
    (re.compile(rf"\b({APPS}|registration|activity|account)\.[a-z_]+\b"), "nombre interno con punto"),
    (re.compile(r"(?<![\w@/.-])[a-z]+_[a-z_]*[a-z](?![\w@/.-])"), "nombre interno con guion bajo"),
    (re.compile(r"\b(None|True|False|Resolver404|nan)\b"), "valor de Python"),
    (
        re.compile(
            r"\b(eligible|not_eligible|ineligible|upcoming|waitlisted|submitted|confirmed|cancelled|pending|"
            r"Access attempts|Access failures|Access logs|Failed tasks|Scheduled tasks|Successful tasks|"
            r"Queued tasks|Django administration|Home)\b"
        ),
        "inglés",
    ),
]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template", "textarea", "pre", "code"):  # code and data being edited
            self._skip += 1
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if "/static/admin/img/icon-" not in (attrs.get("src") or ""):  # the admin's yes/no icons: alt="True"
            self.parts += [v for k, v in attrs.items() if k in READ_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea", "pre", "code") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(data.strip())


def _shape(url: str) -> str:
    """/cifras/?agency=1 and /cifras/?agency=2 are one shape (one page, filtered), as are /proyectos/12/ and /13/."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"[0-9]+", "N", parts.path) + "?" + "&".join(keys)


def _crawl(client, starts, *, already_read=frozenset()):
    """Pages reached by links from `starts`; a page another role already read (the public ones) is not read again,
    unless it is one of this role's start pages (its header and menu are read there)."""
    seen, shapes, problems = set(), {}, []
    queue = list(starts)
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        if url in seen or (url in already_read and url not in starts):
            continue
        shape = _shape(url)
        if shapes.get(shape, 0) >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] = shapes.get(shape, 0) + 1
        response = client.get(url)
        assert response.status_code < 500, f"{url}: error {response.status_code}"
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        text = "\n".join(parser.parts)
        for pattern, kind in FORBIDDEN:
            for match in set(pattern.findall(text)):
                problems.append(f"{url}: {kind}: {match if isinstance(match, str) else match[0]}")
        for href in parser.links:
            href = urldefrag(href)[0]
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            if href not in seen:
                queue.append(href)
    return seen, problems


@pytest.fixture
def demo(reference_data, make_user):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {
        "anónimo": None,
        "postulante": make_user(email="postulante@example.cl", role="applicant"),
        "funcionaria": make_user(email="funcionaria@example.cl", role="agency_staff", agency_code="sercotec"),
        "evaluadora": make_user(email="evaluadora@example.cl", role="evaluator"),
        "comité": make_user(email="comite@example.cl", role="committee_member"),
        "administración": make_user(email="admin@example.cl", role="administrator"),
    }


START = {
    "anónimo": ["/", "/instrumentos/", "/semana/", "/cifras/", "/territorio/", "/a-que-puedo-postular/"],
    "postulante": ["/", "/mis-datos/", "/postulaciones/"],
    "funcionaria": ["/registro/", "/postulaciones/gestion/", "/semana/gestion/", "/cifras/cdpr/"],
    "evaluadora": ["/postulaciones/evaluacion/"],
    "comité": ["/postulaciones/comite/"],
    "administración": ["/admin/", "/registro/", "/postulaciones/gestion/"],
}


def test_no_page_shows_internal_names_or_english(client, demo):
    report, public = [], set()
    for role, user in demo.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        seen, problems = _crawl(client, START[role], already_read=public)
        if user is None:
            public = seen
        assert len(seen) >= len(START[role])
        report += [f"[{role}] {p}" for p in problems]
    if report:
        pytest.fail("\n".join(sorted(set(report))))
