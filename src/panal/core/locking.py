"""One writer at a time on SQLite, handed over by the kernel instead of SQLite's busy-wait.

SQLite allows one write transaction at a time; Panal opens them with BEGIN IMMEDIATE and a busy timeout, so
concurrent writers queue instead of failing. But SQLite's busy handler *polls*: a waiting writer sleeps 1, 2,
5, 10, 25, 50, 100 ms between attempts, so under a rush (many threads in several gunicorn processes) the lock
sits idle while everyone sleeps. Here the writers of a registration rush first take a thread lock (inside the
process) and an `flock` on a file next to the database (across processes): the kernel wakes the next writer
the moment the previous one commits. With PostgreSQL (or an in-memory test database, or when already inside a
transaction) this does nothing: the row lock (`select_for_update`) does the job."""

import contextlib
import fcntl
import os
import threading

from django.db import connections

_thread_lock = threading.Lock()
_files: dict[tuple[int, str], object] = {}


def _lock_file(path: str):
    key = (os.getpid(), path)  # a forked worker opens its own: flock belongs to the open file
    handle = _files.get(key)
    if handle is None:
        handle = open(path, "a+b")  # noqa: SIM115 (kept open for the life of the process)
        _files[key] = handle
    return handle


@contextlib.contextmanager
def one_writer(using: str = "default"):
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or connection.in_atomic_block:
        yield
        return
    path = f"{connection.settings_dict['NAME']}.writelock"
    with _thread_lock:
        handle = _lock_file(path)
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
