"""The scheduler's output respects every rule on random instances, and on tiny ones it is as good as the best
schedule found by trying every placement. The checks here are written from the rules, not from the model."""

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from panal.networks.scheduler import ENGINES, parse_instance, schedule


@st.composite
def instances(draw, max_slots=4, max_people=6, max_requests=8):
    n_slots = draw(st.integers(1, max_slots))
    slots = [{"id": f"S{i}", "start": f"{9 + i:02d}:00", "end": f"{9 + i:02d}:20"} for i in range(n_slots)]
    tables = [f"T{i}" for i in range(draw(st.integers(1, 3)))]
    people = []
    for i in range(draw(st.integers(2, max_people))):
        available = draw(st.lists(st.sampled_from([s["id"] for s in slots]), min_size=1, unique=True))
        people.append(
            {
                "id": f"P{i}",
                "role": draw(st.sampled_from(["comprador", "proveedor", "ambos"])),
                "available": available,
                "max_meetings": draw(st.one_of(st.none(), st.integers(0, 4))),
            }
        )
    role = {p["id"]: p["role"] for p in people}
    pairs = [(a, b) for a, b in itertools.permutations(role, 2) if not (role[a] == role[b] == "proveedor")]
    chosen = draw(st.lists(st.sampled_from(pairs), max_size=max_requests, unique=True)) if pairs else []
    requests = [
        {"id": f"R{i}", "from": a, "to": b, "priority": draw(st.integers(1, 5))} for i, (a, b) in enumerate(chosen)
    ]
    buyers = sum(1 for p in people if p["role"] == "comprador")
    fixed = draw(st.booleans()) and buyers <= len(tables)
    return {
        "slots": slots,
        "tables": tables,
        "participants": people,
        "requests": requests,
        "fixed_table_for_buyers": fixed,
    }


def assert_follows_every_rule(data: dict, out: dict) -> None:
    people = {p["id"]: p for p in data["participants"]}
    requests = {r["id"]: r for r in data["requests"]}
    buyers = [p["id"] for p in data["participants"] if p["role"] == "comprador"]
    fixed = dict(zip(buyers, data["tables"], strict=False)) if data["fixed_table_for_buyers"] else {}
    seen_requests, seen_pairs, busy, tables_used, count = set(), set(), set(), set(), {}
    for m in out["meetings"]:
        r = requests[m["request"]]
        a, b = r["from"], r["to"]
        assert m["request"] not in seen_requests, "una solicitud agendada dos veces"
        seen_requests.add(m["request"])
        assert frozenset((a, b)) not in seen_pairs, "la misma pareja se reúne dos veces"
        seen_pairs.add(frozenset((a, b)))
        assert m["slot"] in people[a]["available"] and m["slot"] in people[b]["available"], "fuera de disponibilidad"
        for p in (a, b):
            assert (p, m["slot"]) not in busy, f"{p} en dos reuniones a la vez"
            busy.add((p, m["slot"]))
            count[p] = count.get(p, 0) + 1
        assert m["table"] in data["tables"]
        assert (m["table"], m["slot"]) not in tables_used, "dos reuniones en la misma mesa y bloque"
        tables_used.add((m["table"], m["slot"]))
        host = fixed.get(b) or fixed.get(a)
        if host:
            assert m["table"] == host, "un comprador fuera de su mesa fija"
        else:
            assert m["table"] not in fixed.values(), "una reunión sin ese comprador en su mesa fija"
        assert not (people[a]["role"] == people[b]["role"] == "proveedor")
    for p, n in count.items():
        limit = people[p]["max_meetings"]
        assert limit is None or n <= limit, f"{p} supera su máximo"
    assert {m["request"] for m in out["meetings"]} | {u["request"] for u in out["unscheduled"]} == set(requests)
    assert not {m["request"] for m in out["meetings"]} & {u["request"] for u in out["unscheduled"]}
    total = sum(requests[m["request"]]["priority"] for m in out["meetings"])
    assert out["objective"] == total
    assert out["greedy_objective"] <= out["objective"] <= out["upper_bound"] + 1e-6


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_agenda_respects_availability_one_meeting_at_a_time_tables_and_maximums(data):
    out = schedule(parse_instance(data), time_limit=5).as_json()
    assert_follows_every_rule(data, out)


def brute_force_best(data: dict) -> int:
    """Try every placement (no meeting, or one of the slots) of every request; keep the best valid total."""
    people = {p["id"]: p for p in data["participants"]}
    buyers = [p["id"] for p in data["participants"] if p["role"] == "comprador"]
    fixed = dict(zip(buyers, data["tables"], strict=False)) if data["fixed_table_for_buyers"] else {}
    pool = len(data["tables"]) - len(fixed)
    slots = [s["id"] for s in data["slots"]]
    best = 0
    for choice in itertools.product([None, *slots], repeat=len(data["requests"])):
        busy, pool_use, count, pairs, total, ok = set(), {}, {}, set(), 0, True
        for r, slot in zip(data["requests"], choice, strict=True):
            if slot is None:
                continue
            a, b = r["from"], r["to"]
            pair = frozenset((a, b))
            if pair in pairs or slot not in people[a]["available"] or slot not in people[b]["available"]:
                ok = False
                break
            pairs.add(pair)
            if (a, slot) in busy or (b, slot) in busy:
                ok = False
                break
            busy |= {(a, slot), (b, slot)}
            if not (fixed.get(a) or fixed.get(b)):
                pool_use[slot] = pool_use.get(slot, 0) + 1
                if pool_use[slot] > pool:
                    ok = False
                    break
            for p in (a, b):
                count[p] = count.get(p, 0) + 1
                if people[p]["max_meetings"] is not None and count[p] > people[p]["max_meetings"]:
                    ok = False
            if not ok:
                break
            total += r["priority"]
        if ok:
            best = max(best, total)
    return best


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(max_slots=3, max_people=5, max_requests=5))
def test_on_tiny_ruedas_the_optimiser_finds_the_best_agenda_brute_force_finds(data):
    out = schedule(parse_instance(data), time_limit=5).as_json()
    best = brute_force_best(data)
    assert out["solver_status"] == "OPTIMAL"  # the optimiser's own answer, not the greedy safety net
    assert out["objective"] == best
    assert out["upper_bound"] >= best - 1e-6


@pytest.mark.parametrize("engine", ENGINES)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=instances(max_slots=3, max_people=5, max_requests=5))
def test_every_engine_gives_a_valid_agenda_and_the_exact_ones_agree_with_brute_force(engine, data):
    out = schedule(parse_instance(data), time_limit=5, engine=engine).as_json()
    assert_follows_every_rule(data, out)
    if engine != "greedy":
        assert out["solver_status"] == "OPTIMAL"
        assert out["objective"] == brute_force_best(data)
