"""Privacy notices where data is collected (Ley 21.719 Art. 14 ter), for the apps that collect it.

The notices (text and version) belong to `privacy`, the top layer, which the apps below it (applications, events,
networks, outcomes, registry) may not import. They reach it through this module, which finds privacy's functions by
the per-app hook convention (`core.hooks`), as privacy finds the other apps' retention and personal-data hooks:

- `version(key)`: the version of notice `key` that the form shows now (`{% privacy_notice key %}` renders it);
- `record_shown(key=..., obj=...)`: after a submission, store which version of notice `key` was shown with `obj`
  (a `privacy.NoticeReceipt` keyed to that row: the collecting app needs no field or migration for it).

A notice changes only with a release of Panal, so the version current when the form is submitted is the one the form
showed. Without the privacy app (never in Panal itself) `version` is "" and nothing is recorded."""

from functools import cache

from .hooks import app_hooks


@cache
def _hook(module: str, name: str):
    # core's own `notices` module (this one) has a `version` too: only the apps' count
    return next((function for label, function in app_hooks(module, name) if label != "core"), None)


def version(key: str) -> str:
    provider = _hook("notices", "version")
    return provider(key) if provider is not None else ""


def record_shown(*, key: str, obj) -> str:
    """Store that notice `key`, in its current version, was shown where `obj` was submitted; returns the version."""
    recorder = _hook("services", "record_notice_shown")
    if recorder is None:
        return ""
    return recorder(key=key, obj=obj).version
