"""The demo app with a one-entry celery beat schedule, for tests of the periodic-task view.

QD_BEAT_TASK, QD_BEAT_ARGS (JSON list), QD_BEAT_EVERY (seconds) and QD_BEAT_QUEUE say what beat
sends, how often and where. Run: celery -A beat_schedule beat (with demo_tasks on PYTHONPATH).
"""
import json
import os

from demo_tasks import app

app.conf.beat_schedule = {
    "queuedeck-test": {
        "task": os.environ["QD_BEAT_TASK"],
        "schedule": float(os.environ.get("QD_BEAT_EVERY", "1")),
        "args": tuple(json.loads(os.environ.get("QD_BEAT_ARGS", "[]"))),
        "options": {"queue": os.environ["QD_BEAT_QUEUE"]},
    }
}
