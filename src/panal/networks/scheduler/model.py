"""What any schedule of an instance must respect, shared by the greedy placement, the optimiser and the tests.

A candidate is an accepted request that can happen at all: its two participants share at least one available
block, and no other request joins the same pair (two requests between the same two participants are one meeting:
the one with the higher priority stands for both). A meeting is placed in a block; tables are given afterwards.
In each block: each participant is in at most one meeting, and the meetings without a fixed table fit in the free
tables. Over the day: each participant's maximum of meetings holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from .instance import Instance, Request

NO_COMMON_SLOT = "sin bloque horario común: sus disponibilidades no coinciden"
SAME_PAIR = "misma pareja que la solicitud «{other}»: se agenda una sola reunión"
NO_ROOM = "sin espacio: los bloques comunes quedaron ocupados o sin mesas libres"
AT_MAXIMUM = "«{who}» ya tiene su máximo de reuniones"
NO_TABLE = "no quedan mesas libres para reuniones sin comprador con mesa fija"


@dataclass(frozen=True)
class Candidate:
    index: int  # position in Problem.candidates
    request: Request
    slots: tuple[int, ...]  # common available blocks, by position
    host_table: str | None  # the fixed table of a comprador in the meeting, if any


@dataclass
class Problem:
    instance: Instance
    candidates: list[Candidate]
    excluded: dict[str, str]  # request id -> reason it cannot be scheduled at all
    pool_capacity: int  # tables for meetings without a fixed host table
    maximum: dict[str, int]  # participant id -> most meetings

    def weight(self, candidate: Candidate) -> float:
        return candidate.request.priority


def build_problem(instance: Instance) -> Problem:
    fixed = instance.buyer_tables()
    index = instance.slot_index
    excluded: dict[str, str] = {}
    best_for_pair: dict[tuple[str, str], Request] = {}
    for request in instance.requests:
        current = best_for_pair.get(request.pair)
        if current is None or request.priority > current.priority:
            if current is not None:
                excluded[current.id] = SAME_PAIR.format(other=request.id)
            best_for_pair[request.pair] = request
        else:
            excluded[request.id] = SAME_PAIR.format(other=current.id)
    pool_capacity = len(instance.free_tables())
    candidates: list[Candidate] = []
    for request in instance.requests:
        if request.id in excluded:
            continue
        a, b = instance.participants[request.source], instance.participants[request.target]
        common = sorted(index[s] for s in set(a.available) & set(b.available))
        if not common:
            excluded[request.id] = NO_COMMON_SLOT
            continue
        host = fixed.get(request.target) or fixed.get(request.source)
        if host is None and pool_capacity == 0:
            excluded[request.id] = NO_TABLE
            continue
        candidates.append(Candidate(len(candidates), request, tuple(common), host))
    slots = len(instance.slots)
    maximum = {
        pid: min(p.max_meetings if p.max_meetings is not None else slots, slots)
        for pid, p in instance.participants.items()
    }
    return Problem(instance, candidates, excluded, pool_capacity, maximum)


def assign_tables(problem: Problem, placed: dict[int, int]) -> dict[int, str]:
    """Tables for placed candidates (candidate index -> slot position). A comprador's fixed table is the meeting's;
    otherwise a participant keeps the table of their previous meeting when it is free, so fewer people walk."""
    instance = problem.instance
    fixed_tables = set(instance.buyer_tables().values())
    pool = [t for t in instance.tables if t not in fixed_tables]
    by_slot: dict[int, list[Candidate]] = {}
    for ci, s in placed.items():
        by_slot.setdefault(s, []).append(problem.candidates[ci])
    last_table: dict[str, str] = {}
    tables: dict[int, str] = {}
    for s in sorted(by_slot):
        free = list(pool)
        pending = []
        for c in sorted(by_slot[s], key=lambda c: c.index):
            if c.host_table is not None:
                tables[c.index] = c.host_table
            else:
                pending.append(c)
        for c in pending:
            r = c.request
            preferred = [last_table.get(r.target), last_table.get(r.source)]
            table = next((t for t in preferred if t in free), None) or free[0]
            free.remove(table)
            tables[c.index] = table
        for c in by_slot[s]:
            last_table[c.request.source] = last_table[c.request.target] = tables[c.index]
    return tables


def violations(problem: Problem, placed: dict[int, int], tables: dict[int, str]) -> list[str]:
    """Every rule a schedule breaks (empty when it is valid); the tests and the optimiser's self-check use it."""
    problems: list[str] = []
    instance = problem.instance
    busy: dict[tuple[str, int], int] = {}
    table_use: dict[tuple[str, int], int] = {}
    count: dict[str, int] = {}
    for ci, s in placed.items():
        c = problem.candidates[ci]
        if s not in c.slots:
            problems.append(f"{c.request.id}: bloque fuera de la disponibilidad común")
        for pid in (c.request.source, c.request.target):
            if (pid, s) in busy:
                problems.append(f"{pid}: dos reuniones en el bloque {instance.slots[s].id}")
            busy[(pid, s)] = ci
            count[pid] = count.get(pid, 0) + 1
        table = tables.get(ci)
        if table not in instance.tables:
            problems.append(f"{c.request.id}: sin mesa válida")
        if (table, s) in table_use:
            problems.append(f"mesa {table}: dos reuniones en el bloque {instance.slots[s].id}")
        table_use[(table, s)] = ci
        if c.host_table is not None and table != c.host_table:
            problems.append(f"{c.request.id}: el comprador no está en su mesa fija")
    for pid, n in count.items():
        if n > problem.maximum[pid]:
            problems.append(f"{pid}: {n} reuniones, más que su máximo {problem.maximum[pid]}")
    return problems


def objective(problem: Problem, placed: dict[int, int]) -> float:
    return sum(problem.candidates[ci].request.priority for ci in placed)


def reason_unplaced(problem: Problem, placed: dict[int, int], candidate: Candidate) -> str:
    counts: dict[str, int] = {}
    for ci in placed:
        r = problem.candidates[ci].request
        counts[r.source] = counts.get(r.source, 0) + 1
        counts[r.target] = counts.get(r.target, 0) + 1
    for pid in (candidate.request.target, candidate.request.source):
        if counts.get(pid, 0) >= problem.maximum[pid]:
            return AT_MAXIMUM.format(who=pid)
    return NO_ROOM
