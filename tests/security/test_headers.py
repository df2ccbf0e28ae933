"""Hole 14: a Content-Security-Policy the pages, htmx and the QR scanner work under (no inline script), HSTS and an
HTTPS redirect in production, and a weak SECRET_KEY refused at start. The browser journeys (tests/e2e) fail on any
CSP violation the browser reports."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

import panal

pytestmark = pytest.mark.django_db

TEMPLATES = Path(panal.__file__).parent


@pytest.mark.parametrize("path", ["/", "/semana/", "/cifras/", "/cuenta/ingresar/", "/api/v1/docs"])
def test_every_page_carries_a_strict_content_security_policy(client, reference_data, path):
    policy = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def _page_templates():
    for path in TEMPLATES.rglob("templates/**/*.html"):
        if "/email/" not in str(path):  # e-mails are read by mail clients, which need inline styles
            yield path


def test_no_template_has_inline_script_handlers_or_styles():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    style_attr = re.compile(r"\sstyle\s*=", re.I)
    found = []
    for path in _page_templates():
        text = path.read_text()
        for name, pattern in (("script", inline_script), ("handler", handler), ("style", style_attr)):
            if pattern.search(text):
                found.append(f"{path.relative_to(TEMPLATES)}: {name}")
    assert found == []


def _settings_in_production(**env) -> subprocess.CompletedProcess:
    code = (
        "import panal.settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    base = {"PATH": "/usr/bin:/bin", "PANAL_ENV": "production", "PANAL_VAR_DIR": "/tmp/panal-security-settings"}
    return subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("key", ["changeme", "django-insecure-" + "x" * 60, "a" * 60, "abcd" * 20])
def test_production_refuses_a_weak_secret_key(key):
    done = _settings_in_production(SECRET_KEY=key)
    assert done.returncode != 0 and "SECRET_KEY" in done.stderr


def test_production_redirects_to_https_and_sends_hsts():
    done = _settings_in_production(SECRET_KEY="Zq8-" + "".join(chr(65 + (i * 7) % 26) for i in range(60)))
    assert done.returncode == 0, done.stderr
    redirect, hsts, session_secure, csrf_secure = done.stdout.split()
    assert redirect == "True" and int(hsts) >= 31_536_000 and session_secure == csrf_secure == "True"
