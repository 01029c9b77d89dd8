"""QueueDeck's Celery demo app: a few task shapes a dashboard has to show well.

Run a worker (cwd = this folder, or it on PYTHONPATH):
    /usr/bin/python3 -m celery -A demo_tasks worker -l info -c 2 -n demo1@%h -E -Q celery,images

Broker and result backend come from CELERY_BROKER_URL / CELERY_RESULT_BACKEND.
"""
import os
import random
import time

from celery import Celery

app = Celery(
    "demo_tasks",
    broker=os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
    backend=os.environ.get("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/1"),
)

app.conf.update(
    # Events feed live views (task-received/started/succeeded..., worker heartbeats).
    # CELERY_TASK_EVENTS=0 starts without them, as many production workers do: QueueDeck
    # then turns them on with the enable_events control command.
    worker_send_task_events=os.environ.get("CELERY_TASK_EVENTS", "1") != "0",
    task_send_sent_event=True,
    # Without this a running task reads PENDING in the backend, not STARTED.
    task_track_started=True,
    task_routes={"demo.resize_image": {"queue": "images"}},
    # Demo results are only worth keeping for a while; Redis here keeps nothing on disk anyway.
    result_expires=3600,
    # Prefetch one at a time so queue depth in the dashboard reflects real backlog.
    worker_prefetch_multiplier=1,
)


@app.task(name="demo.add")
def add(x, y):
    return x + y


@app.task(name="demo.flaky", bind=True, max_retries=3)
def flaky(self, payload=None, fail_rate=0.3):
    # Fails about fail_rate of the time; after max_retries the last error ends as FAILURE.
    if random.random() < fail_rate:
        exc = RuntimeError(f"flaky failure on attempt {self.request.retries + 1}")
        raise self.retry(exc=exc, countdown=2 + self.request.retries * 2)
    return {"payload": payload, "attempts": self.request.retries + 1}


@app.task(name="demo.long_report", bind=True)
def long_report(self, steps=60, interval=1.0):
    # One PROGRESS update per step, so a dashboard can show a moving progress bar.
    # revoke(terminate=True) sends SIGTERM to the pool process running this: the
    # worker resets SIGTERM to its default in pool children, so the task just dies
    # and the worker records REVOKED in the result backend.
    steps = max(1, int(steps))
    for i in range(steps):
        time.sleep(float(interval))
        self.update_state(state="PROGRESS", meta={"current": i + 1, "total": steps})
    return {"rows": steps * 100, "steps": steps}


@app.task(name="demo.resize_image")
def resize_image(name="photo.jpg", width=640, height=480):
    time.sleep(random.uniform(0.3, 1.5))
    return {"name": name, "width": int(width) // 2, "height": int(height) // 2}
