"""A seeded, realistic rueda instance in the JSON format of `panal schedule-rueda`.

Realistic means: few buyers and many suppliers; buyers' popularity is skewed (a few large buyers receive most
requests), interest follows shared sectors, some requests are mutual (they weigh more), a third of the
participants arrive late, leave early or step out mid-day, and each participant caps their meetings."""

import random

SECTORS = 12


def generate(
    *, participants: int = 300, requests: int = 2000, slots: int = 16, tables: int = 40, seed: int = 14
) -> dict:
    rng = random.Random(seed)
    n_buyers, n_both = participants // 5, participants // 8
    roles = ["comprador"] * n_buyers + ["ambos"] * n_both + ["proveedor"] * (participants - n_buyers - n_both)
    slot_list = []
    for i in range(slots):
        minutes = 9 * 60 + i * 20 + (30 if i >= slots // 2 else 0)  # a 30-minute break at half time
        start, end = minutes, minutes + 20
        slot_list.append(
            {
                "id": f"B{i + 1:02d}",
                "start": f"{start // 60:02d}:{start % 60:02d}",
                "end": f"{end // 60:02d}:{end % 60:02d}",
            }
        )
    people = []
    sectors = {}
    popularity = {}
    for i, role in enumerate(roles):
        pid = f"P{i + 1:03d}"
        sectors[pid] = set(rng.sample(range(SECTORS), rng.choice((1, 1, 2, 3))))
        popularity[pid] = rng.paretovariate(1.3) if role != "proveedor" else 1.0
        available = list(range(slots))
        shape = rng.random()
        if shape < 0.12:  # arrives late
            available = available[rng.randint(min(3, slots // 2), slots // 2) :]
        elif shape < 0.24:  # leaves early
            available = available[: rng.randint(slots // 2, max(slots // 2, slots - 3))]
        elif shape < 0.36 and slots >= 8:  # steps out mid-day
            gap = rng.randint(2, 4)
            start = rng.randint(2, slots - gap - 2)
            available = available[:start] + available[start + gap :]
        low, high = {"comprador": (10, slots), "ambos": (6, 12), "proveedor": (4, 10)}[role]
        cap = rng.randint(min(low, slots), min(high, slots))
        people.append(
            {"id": pid, "role": role, "available": [slot_list[s]["id"] for s in available], "max_meetings": cap}
        )
    buyers = [p["id"] for p in people if p["role"] != "proveedor"]
    sellers = [p["id"] for p in people if p["role"] != "comprador"]
    role_of = {p["id"]: p["role"] for p in people}
    pairs: dict[frozenset, dict] = {}
    while len(pairs) < requests:
        if rng.random() < 0.8:  # a supplier asks a buyer: the buyer's popularity and shared sectors draw requests
            source = rng.choice(sellers)
            weights = [popularity[b] * (3 if sectors[b] & sectors[source] else 1) for b in buyers]
            target = rng.choices(buyers, weights)[0]
        else:
            source = rng.choice(buyers)
            target = rng.choice(sellers)
        if source == target or (role_of[source] == role_of[target] == "proveedor"):
            continue
        key = frozenset((source, target))
        if key in pairs:
            continue
        mutual = rng.random() < 0.12
        priority = 1 + (1 if sectors[source] & sectors[target] else 0) + (2 if mutual else 0)
        pairs[key] = {"id": f"R{len(pairs) + 1:04d}", "from": source, "to": target, "priority": priority}
    return {
        "slots": slot_list,
        "tables": [f"M{t + 1:02d}" for t in range(tables)],
        "participants": people,
        "requests": list(pairs.values()),
        "fixed_table_for_buyers": False,
    }
