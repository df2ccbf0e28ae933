"""Audit actions are named `<app>.<entity>.<verb>`, each has a Spanish label people read, and entries written under
the old names read the same as new ones (the log is never rewritten)."""

import re
from pathlib import Path

import panal
from panal.core.audit_actions import ACTION_LABELS, LEGACY_ACTIONS, action_label, canonical_action

# The apps that own models whose changes are audited (networks, outcomes and privacy came after the rule).
APPS = {
    "core",
    "territory",
    "reference",
    "registry",
    "catalog",
    "eligibility",
    "applications",
    "portfolio",
    "events",
    "networks",
    "outcomes",
    "privacy",
}
NAME = re.compile(r"^(?P<app>[a-z_]+)\.[a-z_]+\.[a-z_]+$")
RECORDED = re.compile(r'action=f?"([a-z_{}.]+)"')


def _recorded_actions() -> set[str]:
    found = set()
    for path in Path(panal.__file__).parent.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        text = path.read_text()
        if "audit.record(" not in text:
            continue
        found |= {name for name in RECORDED.findall(text) if "." in name}
    return found


def test_every_recorded_action_is_app_entity_verb():
    names = _recorded_actions()
    assert len(names) > 30
    bad = [n for n in names if not NAME.match(n.replace("{name}", "x").replace("{kind}", "x"))]
    assert bad == []
    assert {NAME.match(n.replace("{name}", "x").replace("{kind}", "x"))["app"] for n in names} <= APPS


def test_every_fixed_action_has_a_spanish_label():
    fixed = {n for n in _recorded_actions() if "{" not in n}
    assert sorted(fixed - set(ACTION_LABELS)) == []


def test_old_names_read_as_the_new_ones():
    assert canonical_action("registration.created") == "events.registration.created"
    assert action_label("registration.created") == action_label("events.registration.created") == "Inscripción recibida"
    assert all(NAME.match(new) for new in LEGACY_ACTIONS.values())
    assert canonical_action("rueda.meeting_status") == "networks.meeting.status_changed"
    assert action_label("account.activated") == "Cuenta activada"
    assert sorted(old for old, new in LEGACY_ACTIONS.items() if new not in ACTION_LABELS) == []


def test_actions_whose_verb_is_a_state_have_a_label_for_each_state():
    states = {
        "applications.reconsideration": ("accepted", "rejected"),
        "portfolio.expense": ("approved", "observed", "rejected"),
        "registry.claim": ("verified", "rejected"),
        "catalog.agency": ("created", "updated", "deleted"),
        "catalog.instrument": ("created", "updated", "deleted"),
        "catalog.criterion": ("created", "updated", "deleted"),
        "catalog.condition": ("created", "updated", "deleted"),
    }
    missing = [
        f"{stem}.{verb}" for stem, verbs in states.items() for verb in verbs if f"{stem}.{verb}" not in ACTION_LABELS
    ]
    assert missing == []


def test_an_unknown_action_never_shows_its_internal_name():
    assert action_label("algo.que.nadie.conoce") == "Cambio registrado"
    assert action_label("applications.application.submit") == "Enviar postulación"
