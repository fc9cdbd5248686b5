"""The server and the load for bench/load.py: gunicorn on a loopback port, wrk against it, wrk's figures read."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "bench-only-not-secret"
PAGE_CACHE = {"value": "1"}  # --page-cache on|off: visitors' pages kept whole (common/page_cache/)


def environment(database_url: str, instance: str) -> dict:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY, RATELIMIT_ENABLED="0",
               SPOLU_INSTANCE_DIR=instance, SPOLU_ENV="development", PYTHONPATH=str(ROOT),
               PAGE_CACHE_ENABLED=PAGE_CACHE["value"])
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(database_url: str, instance: str, workers: int, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).parent / "gunicorn"), "--workers", str(workers), "--bind",
               f"127.0.0.1:{port}", "--worker-class", "sync", "--backlog", "2048", "--log-level", "warning",
               "bench.wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=environment(database_url, instance),
                               start_new_session=True)
    deadline = time.time() + 180  # four workers importing the app on a busy machine
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_bench/bare", timeout=2).read()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("gunicorn exited during start-up") from None
            time.sleep(0.3)
    stop(process)
    raise SystemExit("gunicorn did not answer within 180 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def run_wrk(url: str, connections: int, duration: int, threads: int, script: str | None = None,
            cookie: str | None = None) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: session={cookie}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    result = {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": _milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    result["errors"] = int(errors.group(1)) if errors else 0
    result["socket_errors"] = socket_errors.group(1) if socket_errors else ""
    return result


def settle(base: str, timeout: float = 120) -> None:
    """Wait until the workers are idle: wrk stops sending at the end of a run, but requests
    already queued in the listen backlog are still served and would slow the next page down."""
    deadline = time.time() + timeout
    quick = 0
    while time.time() < deadline and quick < 3:
        started = time.perf_counter()
        try:
            urllib.request.urlopen(f"{base}/_bench/bare", timeout=30).read()
        except OSError:
            pass
        quick = quick + 1 if time.perf_counter() - started < 0.05 else 0
        time.sleep(0.2)
