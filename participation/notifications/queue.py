"""Where jobs run: RQ on Redis when REDIS_URL is set, else a thread after the response.

NOTIFICATIONS_QUEUE chooses explicitly: "rq", "thread", "sync" (run at once,
with retries, in the caller) or "manual" (nothing runs until a command or a
test calls the job). The default is "rq" with REDIS_URL, "manual" under
testing and "thread" otherwise, so `python3.11 dev.py serve` needs nothing else.
"""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

from flask import after_this_request, current_app, has_app_context, has_request_context

log = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_futures: list = []


def queue_mode(app=None) -> str:
    app = app or current_app
    mode = app.config.get("NOTIFICATIONS_QUEUE")
    if mode:
        return mode
    if app.config.get("REDIS_URL"):
        return "rq"
    return "manual" if app.testing else "thread"


def retry_intervals(app=None) -> list[int]:
    app = app or current_app
    return list(app.config["NOTIFICATIONS_RETRY_INTERVALS"])


def queue_name(app=None) -> str:
    app = app or current_app
    return app.config["NOTIFICATIONS_QUEUE_NAME"]


def redis_connection(app=None):
    """Redis for RQ; a Redis that does not answer fails within REDIS_TIMEOUT seconds (and is logged)."""
    from participation.common.dependencies import redis_client

    app = app or current_app
    return redis_client(app.config["REDIS_URL"], app.config["REDIS_TIMEOUT"])


def rq_queue(app=None):
    from rq import Queue

    return Queue(queue_name(app), connection=redis_connection(app))


def enqueue(func, *args, retry: bool = True) -> None:
    """Run `func(*args)` off the request path, with retries and back-off when `retry`."""
    app = current_app._get_current_object()
    mode = queue_mode(app)
    if mode == "manual":
        return
    if mode == "rq":
        from rq import Retry

        intervals = retry_intervals(app)
        options = {"retry": Retry(max=len(intervals), interval=intervals)} if retry and intervals else {}
        rq_queue(app).enqueue(func, *args, job_timeout=app.config["NOTIFICATIONS_JOB_TIMEOUT"],
                              **options)
        return
    if mode == "sync":
        run_with_retries(app, func, args, retry, sleep=False)
        return
    _run_after_response(app, func, args, retry)


# A job queued with `enqueue_once` marks itself waiting for this long at most: a worker that died before
# the job started leaves the mark behind, and the next event after it expires queues the job again.
WAITING_MARK_SECONDS = 60


def _waiting_mark(func, app=None) -> str:
    return f"spolu:queued:{queue_name(app)}:{func.__module__}.{func.__name__}"


def enqueue_once(func) -> None:
    """Queue `func()` unless a run of it is already waiting (a job that reads everything pending).

    With RQ, the mark is one Redis key set only if absent; the job clears it as it starts
    (`started`), before it reads, so whatever committed while it waited is read by it, and whatever
    commits after it started queues the next run. A burst of supports queues one fan-out, not one each.
    """
    app = current_app._get_current_object()
    if queue_mode(app) == "rq":
        if not redis_connection(app).set(_waiting_mark(func, app), "1", nx=True, ex=WAITING_MARK_SECONDS):
            return
    enqueue(func, retry=False)


def started(func) -> None:
    """The job `func` has started: the next `enqueue_once(func)` queues it again."""
    if has_app_context() and queue_mode() == "rq":
        try:
            redis_connection().delete(_waiting_mark(func))
        except Exception:  # noqa: BLE001  (the mark expires by itself; the job's work matters more)
            log.warning("Could not clear the waiting mark of %s", func.__name__, exc_info=True)


def _run_after_response(app, func, args, retry) -> None:
    def submit():
        global _executor
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spolu-notifications")
        _futures[:] = [future for future in _futures if not future.done()]
        _futures.append(_executor.submit(run_with_retries, app, func, args, retry, True))

    if has_request_context():
        try:
            @after_this_request
            def _defer(response):
                response.call_on_close(submit)
                return response
            return
        except (AssertionError, RuntimeError):  # the response is already on its way
            pass
    submit()


def run_with_retries(app, func, args, retry: bool, sleep: bool = True) -> None:
    """In-process stand-in for RQ's Retry: try, wait, try again; log what finally fails."""
    intervals = retry_intervals(app) if retry else []
    for attempt in range(len(intervals) + 1):
        try:
            with app.app_context():
                func(*args)
            return
        except Exception:
            if attempt >= len(intervals):
                log.exception("Job %s%r failed after %s attempts", func.__name__, args, attempt + 1)
                return
            log.warning("Job %s%r failed; retrying in %ss", func.__name__, args, intervals[attempt])
            if sleep:
                time.sleep(intervals[attempt])


def wait_for_background_jobs(timeout: float = 30) -> None:
    """Let the in-process worker finish what it was given, including jobs queued by jobs."""
    deadline = time.monotonic() + timeout
    while _futures and time.monotonic() < deadline:
        _futures.pop(0).result(timeout=max(0.1, deadline - time.monotonic()))
