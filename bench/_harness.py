"""What the server benchmarks share: a free port, the `panal` command, its environment, and `panal serve`
started the way `make run` starts it (gunicorn), stopped with its whole process group."""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PANAL = str(ROOT / ".venv" / "bin" / "panal")


def bench_ports(default: range) -> range:
    """The ports a bench may use: PANAL_BENCH_PORTS=8340-8359 (a session's own range on a shared machine), else
    the bench's default range."""
    chosen = os.environ.get("PANAL_BENCH_PORTS", "").strip()
    if not chosen:
        return default
    first, _, last = chosen.partition("-")
    return range(int(first), int(last or first) + 1)


def free_port(ports: range) -> int:
    """The first free port of the bench's range (PANAL_BENCH_PORTS overrides `ports`)."""
    return _first_free(bench_ports(ports))


def _first_free(ports: range) -> int:
    for port in ports:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No hay puertos libres entre {ports.start} y {ports.stop - 1}.")


def free_ports(count: int, ports: range) -> list[int]:
    """`count` distinct free ports of the bench's range (one per `panal serve` node)."""
    found = []
    for candidate in bench_ports(ports):
        if len(found) == count:
            break
        try:
            found.append(_first_free(range(candidate, candidate + 1)))
        except RuntimeError:
            continue
    if len(found) < count:
        raise RuntimeError(f"No hay {count} puertos libres en {ports.start}-{ports.stop - 1}.")
    return found


def panal(env: dict, *args: str) -> str:
    done = subprocess.run([PANAL, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"panal {' '.join(args)[:80]} falló:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


def make_env(var_dir: str, database_url: str | None, port: int) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"PANAL_VAR_DIR": var_dir, "PORT": str(port), "PANAL_BASE_URL": f"http://127.0.0.1:{port}"})
    # A rush comes from this one machine, so the per-client limits would turn it into a handful of people and a
    # wall of 429s. The documented load-test switch (refused in production) lets it measure many distinct people.
    env["PANAL_RATELIMIT"] = "off"
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/api/v1/territory/regions")
        response = connection.getresponse()
        response.read()
        return response.status == 200
    finally:
        connection.close()


@contextlib.contextmanager
def served(env: dict, port: int, *, workers: int | None = None, threads: int | None = None, worker: bool = True):
    """`panal serve` as `make run` starts it (gunicorn and, unless `worker=False`, the job worker beside it).
    Its log is PANAL_VAR_DIR/serve-PORT.log (read it after a server error)."""
    args = [PANAL, "serve", "--port", str(port)] + ([] if worker else ["--no-worker"])
    if workers:
        args += ["--workers", str(workers)]
    if threads:
        args += ["--threads", str(threads)]
    log = open(Path(env["PANAL_VAR_DIR"]) / f"serve-{port}.log", "w+b")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError):
                if _answers(port):
                    break
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("El servidor no arrancó:\n" + log.read().decode(errors="replace")[-3000:])
            time.sleep(0.2)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # The job worker's processes run at the lowest priority and may still be shutting down on a busy machine:
        # nothing of this server may outlive it (a test's database is dropped right after, which fails while they
        # are still connected to it).
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()


@contextlib.contextmanager
def served_nodes(var_dir: str, database_url: str | None, ports: list[int], *, workers=None, threads=None):
    """`len(ports)` `panal serve` nodes on the same database, the first also running the job worker (as several
    machines behind a balancer would: the clients alternate between the ports)."""
    with contextlib.ExitStack() as nodes:
        for n, port in enumerate(ports):
            env = make_env(var_dir, database_url, port)
            nodes.enter_context(served(env, port, workers=workers, threads=threads, worker=n == 0))
        yield ports


def node_ports(first: int, nodes: int, ports: range) -> list[int]:
    """`first` and, for more nodes, further free ports of the bench's range."""
    return [first] + [p for p in free_ports(nodes + 1, ports) if p != first][: nodes - 1]


def messages_written(folder: Path) -> int:
    """E-mails the file backend wrote (several per file when one connection sent a batch)."""
    if not folder.exists():
        return 0
    return sum(f.read_text(errors="replace").count("Message-ID: ") for f in folder.iterdir())


def recipients_written(folder: Path) -> Counter:
    """How many e-mails the file backend wrote to each address (`To:` lines)."""
    found: Counter = Counter()
    if folder.exists():
        for f in folder.iterdir():
            for line in f.read_text(errors="replace").splitlines():
                if line.startswith("To: "):
                    found.update(address.strip().lower() for address in line[4:].split(","))
    return found


def db_kind() -> str:
    """`db=` of every bench line: which database the numbers were measured on."""
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
