"""Browser journeys: Playwright driving Debian's Chromium (/usr/bin/chromium; never `playwright install`)
against pytest-django's live server, with axe-core checks on every page visited."""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told it is fine.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
SERIOUS = {"serious", "critical"}


BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per test session (its sync API runs one event loop; a second one cannot start)."""
    if not os.path.exists(CHROMIUM):
        message = (
            f"Falta {CHROMIUM}: los recorridos en navegador no corren (instálelo con «apt-get install -y chromium»)."
        )
        if os.environ.get("PANAL_REQUIRE_BROWSER"):  # CI installs Chromium and must run them
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright):
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
    yield chromium
    chromium.close()


@pytest.fixture
def page(browser):
    """A page whose journey fails if the browser blocked anything under the Content-Security-Policy."""
    context = browser.new_context(locale="es-CL", timezone_id="America/Santiago")
    page = context.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not blocked, f"El navegador bloqueó por la CSP: {blocked[:3]}"


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page; fail on any serious or critical violation, naming rule and elements."""

    def check(page):
        # A click that navigates returns once the new document is committed, before it is parsed;
        # axe on a document with no root fails ("reading 'documentElement'"), so wait for it to load.
        page.wait_for_load_state("load")
        violations = axe.run(page).response["violations"]
        bad = [v for v in violations if v.get("impact") in SERIOUS]
        details = "; ".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad)
        assert not bad, f"axe en {page.url}: {details}"

    return check
