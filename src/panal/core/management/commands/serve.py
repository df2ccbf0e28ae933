import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from gunicorn.app.wsgiapp import run


class Command(BaseCommand):
    help = (
        "Sirve Panal con gunicorn (y whitenoise para los archivos estáticos) y, al lado, un proceso que corre los "
        "trabajos en segundo plano (`panal worker`; --no-worker si corre aparte)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=settings.PORT)
        # Two processes per core with two threads each: a request that holds a row lock (the last seats of an
        # activity) waits less for the interpreter lock than with four threads in one process; measured with
        # `make bench-register` on PostgreSQL, 2 cores: 49 rps with 2×4, 103 with 4×2 (SQLite the same either way).
        processes = str(2 * (os.cpu_count() or 1))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", processes)))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="no inicia el proceso de trabajos")

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
            "--preload",  # Django and every view are imported once, then the workers fork ready (panal/wsgi.py)
        ]

        worker = None
        if not options["no_worker"]:
            code = "from panal.cli import main; main(['panal', 'worker'])"
            worker = subprocess.Popen([sys.executable, "-c", code])  # noqa: S603 (our own interpreter)
        sys.argv = argv
        try:
            run()
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    worker.kill()
