"""Rueda scheduler benchmark: a seeded realistic instance (300 participants, 2,000 requests, 16 blocks, 40 tables;
see rueda_instance.py) solved with the default engine under a 30-second limit. Prints, last:

rueda-bench: participants=300 requests=2000 slots=16 tables=40 scheduled=N objective=X upper_bound=Y gap_pct=Z
greedy_objective=G seconds=S   (one line)

`--engines` first solves the same instance with every engine, one line each, to compare them (docs/ruedas.md)."""

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")

from rueda_instance import generate  # noqa: E402

from panal.networks.scheduler import ENGINES, parse_instance, schedule  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--engines", action="store_true", help="compare every engine first")
    args = parser.parse_args()
    data = generate(seed=args.seed)
    instance = parse_instance(data)
    if args.engines:
        for engine in ENGINES:
            result = schedule(instance, time_limit=args.time_limit, engine=engine)
            print(
                f"engine={engine} scheduled={len(result.meetings)} objective={result.objective:g} "
                f"upper_bound={result.upper_bound:g} gap_pct={result.gap_pct:.2f} status={result.solver_status} "
                f"seconds={result.seconds:.1f}",
                flush=True,
            )
    result = schedule(instance, time_limit=args.time_limit)
    print(
        f"rueda-bench: participants={len(data['participants'])} requests={len(data['requests'])} "
        f"slots={len(data['slots'])} tables={len(data['tables'])} scheduled={len(result.meetings)} "
        f"objective={result.objective:g} upper_bound={result.upper_bound:g} gap_pct={result.gap_pct:.2f} "
        f"greedy_objective={result.greedy_objective:g} seconds={result.seconds:.1f}"
    )


if __name__ == "__main__":
    main()
