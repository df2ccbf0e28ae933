"""The `panal` command: Django's manage.py plus Panal's own commands (serve, load-reference, ...)."""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panal.settings")

    argv = list(argv if argv is not None else sys.argv)
    # `panal load-reference` and `panal import-people` name the commands load_reference and import_people.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)
