"""The greedy placement ("first shared slot", what b2match's Quick Schedule does and what organisers do by hand
today): requests in the order given (the order they were accepted), each in the first block both participants
have free with a table left. Fast and never optimal on a contested rueda; it is the fallback when the optimiser
finds nothing better and the baseline it is measured against."""

from __future__ import annotations

from .model import Problem


def greedy_placement(problem: Problem) -> dict[int, int]:
    busy: set[tuple[str, int]] = set()
    pool_used: dict[int, int] = {}
    count: dict[str, int] = {}
    placed: dict[int, int] = {}
    for c in problem.candidates:
        a, b = c.request.source, c.request.target
        if count.get(a, 0) >= problem.maximum[a] or count.get(b, 0) >= problem.maximum[b]:
            continue
        for s in c.slots:
            if (a, s) in busy or (b, s) in busy:
                continue
            # A comprador's fixed table is free whenever the comprador is: only pooled tables can run out.
            if c.host_table is None:
                if pool_used.get(s, 0) >= problem.pool_capacity:
                    continue
                pool_used[s] = pool_used.get(s, 0) + 1
            busy.update({(a, s), (b, s)})
            count[a] = count.get(a, 0) + 1
            count[b] = count.get(b, 0) + 1
            placed[c.index] = s
            break
    return placed
