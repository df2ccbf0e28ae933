"""The optimiser: place candidates in blocks maximising total priority, with a time limit, keeping the best
schedule found and the proven upper bound.

Model (x[c, s] = 1 when candidate c is held in block s; tables are given afterwards, see model.assign_tables):
    maximise   sum priority(c) * x[c, s]
    subject to sum_s x[c, s] <= 1                                 each request at most once
               sum_{c with p} x[c, s] <= 1      for each p, s     one meeting per participant per block
               sum_{c with p, s} x[c, s] <= max(p)                each participant's maximum
               sum_{c without fixed table} x[c, s] <= free tables for each block
Without a table index the model is |tables| times smaller than x[c, s, t], and its LP relaxation is nearly
tight, so an LP-based MIP solver proves a small gap fast. Measured on 2 shared cores (docs/ruedas.md): CBC, HiGHS
and SCIP all prove the optimum at the root node (CBC fastest); CP-SAT with 2 workers stalls near the greedy start
with a bound a third higher. CBC is the default.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from .greedy import greedy_placement
from .instance import Instance
from .model import Problem, assign_tables, build_problem, objective, reason_unplaced, violations

ENGINES = ("cbc", "highs", "scip", "cpsat", "greedy")
DEFAULT_ENGINE = "cbc"


@dataclass
class Schedule:
    meetings: list[dict] = field(default_factory=list)  # {"request", "slot", "table"}
    unscheduled: list[dict] = field(default_factory=list)  # {"request", "reason"}
    objective: float = 0
    upper_bound: float = 0
    greedy_objective: float = 0
    solver_status: str = ""
    seconds: float = 0.0
    engine: str = ""

    @property
    def gap_pct(self) -> float:
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, 100.0 * (self.upper_bound - self.objective) / self.upper_bound)

    def as_json(self) -> dict:
        return {
            "meetings": self.meetings,
            "unscheduled": self.unscheduled,
            "objective": _number(self.objective),
            "upper_bound": _number(self.upper_bound),
            "greedy_objective": _number(self.greedy_objective),
            "solver_status": self.solver_status,
            "seconds": round(self.seconds, 3),
        }


def _number(value: float):
    return int(round(value)) if abs(value - round(value)) < 1e-6 else round(value, 6)


def _trivial_bound(problem: Problem) -> float:
    return sum(c.request.priority for c in problem.candidates)


def _mip(problem: Problem, backend: str, time_limit: float, hint: dict[int, int]):
    from ortools.linear_solver import pywraplp  # noqa: PLC0415 (heavy library, loaded only when this runs)

    solver = pywraplp.Solver.CreateSolver(backend)
    if solver is None:  # pragma: no cover - every wheel of ortools bundles SCIP
        return None, None, "NOT_AVAILABLE"
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    x = {}
    for c in problem.candidates:
        for s in c.slots:
            x[c.index, s] = solver.BoolVar("")
    _add_constraints(problem, x, lambda terms, bound: solver.Add(solver.Sum(terms) <= bound))
    solver.Maximize(solver.Sum(c.request.priority * x[c.index, s] for c in problem.candidates for s in c.slots))
    # Only SCIP takes the greedy schedule as a start: pywraplp's HiGHS crashes on a hint, and CBC got slower.
    if hint and backend == "SCIP":
        variables = list(x.values())
        solver.SetHint(variables, [1.0 if hint.get(ci) == s else 0.0 for (ci, s) in x])
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, 1e-4)
    status = solver.Solve(params)
    names = {
        pywraplp.Solver.OPTIMAL: "OPTIMAL",
        pywraplp.Solver.FEASIBLE: "FEASIBLE",
        pywraplp.Solver.INFEASIBLE: "INFEASIBLE",
        pywraplp.Solver.NOT_SOLVED: "NOT_SOLVED",
    }
    name = names.get(status, "ABNORMAL")
    if status not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        return None, None, name
    placed = {ci: s for (ci, s), var in x.items() if var.solution_value() > 0.5}
    return placed, solver.Objective().BestBound(), name


def _cpsat(problem: Problem, time_limit: float, hint: dict[int, int], workers: int = 2):
    from ortools.sat.python import cp_model  # noqa: PLC0415 (heavy library, loaded only when this runs)

    scale = 1 if all(float(c.request.priority).is_integer() for c in problem.candidates) else 1000
    model = cp_model.CpModel()
    x = {(c.index, s): model.NewBoolVar("") for c in problem.candidates for s in c.slots}
    _add_constraints(problem, x, lambda terms, bound: model.Add(sum(terms) <= bound))
    model.Maximize(
        sum(int(round(c.request.priority * scale)) * x[c.index, s] for c in problem.candidates for s in c.slots)
    )
    for (ci, s), var in x.items():
        model.AddHint(var, hint.get(ci) == s)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.relative_gap_limit = 1e-4
    status = solver.Solve(model)
    name = solver.StatusName(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, None, name
    placed = {ci: s for (ci, s), var in x.items() if solver.BooleanValue(var)}
    return placed, solver.BestObjectiveBound() / scale, name


def _add_constraints(problem: Problem, x: dict, add) -> None:
    by_candidate: dict[int, list] = {}
    by_participant_slot: dict[tuple[str, int], list] = {}
    by_participant: dict[str, list] = {}
    pooled_by_slot: dict[int, list] = {}
    for (ci, s), var in x.items():
        c = problem.candidates[ci]
        by_candidate.setdefault(ci, []).append(var)
        for pid in (c.request.source, c.request.target):
            by_participant_slot.setdefault((pid, s), []).append(var)
            by_participant.setdefault(pid, []).append(var)
        if c.host_table is None:
            pooled_by_slot.setdefault(s, []).append(var)
    for terms in by_candidate.values():
        if len(terms) > 1:
            add(terms, 1)
    for terms in by_participant_slot.values():
        if len(terms) > 1:
            add(terms, 1)
    for pid, terms in by_participant.items():
        if len(terms) > problem.maximum[pid]:
            add(terms, problem.maximum[pid])
    for terms in pooled_by_slot.values():
        if len(terms) > problem.pool_capacity:
            add(terms, problem.pool_capacity)


def schedule(instance: Instance, *, time_limit: float = 30.0, engine: str = DEFAULT_ENGINE) -> Schedule:
    """The best agenda found within `time_limit` seconds, its proven bound and the greedy baseline."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}")
    started = time.perf_counter()
    problem = build_problem(instance)
    greedy = greedy_placement(problem)
    greedy_value = objective(problem, greedy)
    placed, bound, status = greedy, _trivial_bound(problem), "GREEDY"
    remaining = max(0.5, time_limit - (time.perf_counter() - started))
    if problem.candidates and engine != "greedy":
        if engine == "cpsat":
            found, found_bound, found_status = _cpsat(problem, remaining, greedy)
        else:
            found, found_bound, found_status = _mip(problem, engine.upper(), remaining, greedy)
        if found_bound is not None and math.isfinite(found_bound):
            bound = min(bound, found_bound)
        tables = assign_tables(problem, found) if found is not None else {}
        # The optimiser's answer replaces the greedy one only when it is valid and at least as good.
        if found is not None and not violations(problem, found, tables) and objective(problem, found) >= greedy_value:
            placed, status = found, found_status
        elif found is None:
            status = f"GREEDY ({found_status})"
    elif not problem.candidates:
        status, bound = "OPTIMAL", 0
    value = objective(problem, placed)
    bound = max(bound, value)
    tables = assign_tables(problem, placed)
    return _result(problem, placed, tables, value, bound, greedy_value, status, time.perf_counter() - started, engine)


def _result(problem, placed, tables, value, bound, greedy_value, status, seconds, engine) -> Schedule:
    instance = problem.instance
    table_order = {t: i for i, t in enumerate(instance.tables)}
    ordered = sorted(placed.items(), key=lambda item: (item[1], table_order[tables[item[0]]]))
    meetings = [
        {"request": problem.candidates[ci].request.id, "slot": instance.slots[s].id, "table": tables[ci]}
        for ci, s in ordered
    ]
    unscheduled = []
    for request in instance.requests:
        if request.id in problem.excluded:
            unscheduled.append({"request": request.id, "reason": problem.excluded[request.id]})
    for c in problem.candidates:
        if c.index not in placed:
            unscheduled.append({"request": c.request.id, "reason": reason_unplaced(problem, placed, c)})
    order = {r.id: i for i, r in enumerate(instance.requests)}
    unscheduled.sort(key=lambda u: order[u["request"]])
    return Schedule(
        meetings=meetings,
        unscheduled=unscheduled,
        objective=value,
        upper_bound=bound,
        greedy_objective=greedy_value,
        solver_status=status,
        seconds=seconds,
        engine=engine,
    )
