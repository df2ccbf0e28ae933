"""Reads of the eligibility app: who in the targeting table is eligible for a call (ages at its reference date)."""

from . import engine
from .models import TargetProfile


def eligible_targets(call):
    return TargetProfile.objects.filter(engine.compile(call)).order_by("source_kind", "object_id")


def count_eligible(call) -> int:
    return TargetProfile.objects.filter(engine.compile(call)).count()
