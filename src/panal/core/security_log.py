"""The security log: refused requests (401, 403, 429, invalid input) go to the `panal.security` logger, never to the
audit table (which records state changes and staff reading personal data). It is rate-limited per client and
status: at most LINES_PER_WINDOW lines a minute each, then one line saying how many were left out, so one client
hammering a forbidden page cannot flood the log or the disk. Counters are per process (a log limit, not a quota)."""

import logging
import threading
import time

logger = logging.getLogger("panal.security")

WINDOW_SECONDS = 60
LINES_PER_WINDOW = 5
MAX_KEYS = 10_000
LOGGED_STATUSES = {400, 401, 403, 405, 413, 415, 422, 429}

_lock = threading.Lock()
_windows: dict[tuple, list] = {}  # (client, status) → [window start, lines logged, lines left out]


def _allowed(key: tuple) -> tuple[bool, int]:
    """(log this one?, lines left out in this key's previous window)."""
    now = time.monotonic()
    with _lock:
        if len(_windows) > MAX_KEYS:
            _windows.clear()
        window = _windows.get(key)
        left_out = 0
        if window is None or now - window[0] >= WINDOW_SECONDS:
            left_out = window[2] if window else 0
            window = _windows[key] = [now, 0, 0]
        if window[1] >= LINES_PER_WINDOW:
            window[2] += 1
            return False, 0
        window[1] += 1
    return True, left_out


def refused(*, client: str, status: int, method: str, path: str, user: str = "", reason: str = "") -> bool:
    """Log one refused request unless this client already filled its window. Returns whether it was logged."""
    logged, left_out = _allowed((client, status))
    if not logged:
        return False
    if left_out:
        logger.warning(
            "%s: %s solicitudes rechazadas (%s) no registradas en el minuto anterior", client, left_out, status
        )
    logger.warning(
        "rechazada %s %s %s cliente=%s usuario=%s %s", status, method, path[:200], client, user or "-", reason[:200]
    )
    return True


def refused_action(*, actor, action: str, object_type: str, object_id, message: str) -> bool:
    """A service refused someone (not allowed, wrong state): logged here, rate-limited per actor and action."""
    who = getattr(actor, "email", None) or ("anónimo" if actor is None else str(actor))
    logged, left_out = _allowed((who, action))
    if not logged:
        return False
    if left_out:
        logger.warning("%s: %s rechazos de %s no registrados en el minuto anterior", who, left_out, action)
    logger.warning("rechazo %s %s#%s usuario=%s %s", action, object_type, object_id, who, message[:200])
    return True
