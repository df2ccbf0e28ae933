import os

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sirve Panal con gunicorn (y whitenoise para los archivos estáticos)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=settings.PORT)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "4")))

    def handle(self, *args, **options):
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Panal en http://{bind}/ (Ctrl+C para detener)")
        self.stdout.flush()
        argv = [
            "gunicorn",
            "panal.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        import sys

        from gunicorn.app.wsgiapp import run

        sys.argv = argv
        run()
