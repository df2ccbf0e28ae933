"""Every write of the networks app. Split along the rueda's life: set-up and joining, requests, the agenda and
the day, follow-up."""

from .agenda import build_instance, check_in, move_meeting, publish_agenda, schedule_rueda, set_meeting_status
from .followup import answer_follow_up
from .requests import expire_pending_requests, request_meeting, respond_to_request
from .setup import create_rueda, join_rueda

__all__ = [
    "answer_follow_up",
    "build_instance",
    "check_in",
    "create_rueda",
    "expire_pending_requests",
    "join_rueda",
    "move_meeting",
    "publish_agenda",
    "request_meeting",
    "respond_to_request",
    "schedule_rueda",
    "set_meeting_status",
]
