"""Bare baseline for `npm run bench:celery`: Celery's own EventReceiver counting events.

    /usr/bin/python3 celery_receiver.py <broker url> <events expected>

Prints "warm" once it sees the first warm-up event, then one JSON line when it has counted
the expected number of bench events: {"count", "seconds"} from the first bench event to the last.
"""
import json
import sys
import time

from celery import Celery

broker_url, expected = sys.argv[1], int(sys.argv[2])
app = Celery("bench", broker=broker_url)
state = {"warm": False, "count": 0, "first": None}


def on_event(event):
    if event.get("type") == "bench-warmup":
        if not state["warm"]:
            state["warm"] = True
            print("warm", flush=True)
        return
    if state["first"] is None:
        state["first"] = time.perf_counter()
    state["count"] += 1
    if state["count"] >= expected:
        seconds = time.perf_counter() - state["first"]
        print(json.dumps({"count": state["count"], "seconds": seconds}), flush=True)
        receiver.should_stop = True


with app.connection() as connection:
    receiver = app.events.Receiver(connection, handlers={"*": on_event})
    receiver.capture(limit=None, timeout=None, wakeup=False)
