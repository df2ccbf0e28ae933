"""Reads of the eligibility app: who in the targeting table is eligible for a call."""

from datetime import date

from . import engine
from .models import TargetProfile


def eligible_targets(call, *, as_of: date | None = None):
    return TargetProfile.objects.filter(engine.compile(call, as_of=as_of)).order_by("source_kind", "object_id")


def count_eligible(call, *, as_of: date | None = None) -> int:
    return TargetProfile.objects.filter(engine.compile(call, as_of=as_of)).count()
