"""Per-app hooks found by convention, in INSTALLED_APPS order (which follows the dependency order):
`<app>.loaders.load_reference()` for reference data and `<app>.demo.load_demo()` for demo content;
each is atomic, idempotent, and returns a one-line summary in Spanish. Pages use them too (`commune_links`,
`call_links`, `work`...): the modules are looked up once per process, so a hook costs nothing per request."""

import functools
import importlib
from collections.abc import Callable, Iterator

from django.apps import apps


def app_hooks(module_name: str, function_name: str) -> Iterator[tuple[str, Callable]]:
    for label, module in _hook_modules(module_name):
        function = getattr(module, function_name, None)
        if function is not None:
            yield label, function


@functools.cache
def _hook_modules(module_name: str) -> tuple:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("panal."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.{module_name}":
                continue
            raise
        found.append((config.label, module))
    return tuple(found)
