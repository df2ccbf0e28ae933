"""Rueda agendas: the instance format, the greedy baseline and the optimiser (OR-Tools). No Django here."""

from .instance import InvalidInstance, parse_instance
from .solve import DEFAULT_ENGINE, ENGINES, Schedule, schedule

__all__ = ["DEFAULT_ENGINE", "ENGINES", "InvalidInstance", "Schedule", "parse_instance", "schedule"]
