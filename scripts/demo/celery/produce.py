"""Sends a steady mix of demo tasks until SIGTERM/SIGINT (or --duration seconds).

    cd scripts/demo/celery && /usr/bin/python3 produce.py [--rate 3] [--report-every 60] [--duration 0]

Uses Celery's own client (send_task over the same broker), so what the dashboard
shows is exactly what a Python producer would put on the wire.
"""
import argparse
import random
import signal
import sys
import time

from demo_tasks import add, flaky, long_report, resize_image

stopping = False


def stop(signum, _frame):
    global stopping
    stopping = True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=3.0, help="tasks per second (average)")
    parser.add_argument("--report-every", type=float, default=60.0, help="seconds between long_report tasks")
    parser.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0 = until SIGTERM)")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    started = time.monotonic()
    # First report soon after start, so a fresh demo shows a progress bar quickly.
    next_report = started + 5
    sent = 0
    while not stopping:
        now = time.monotonic()
        if args.duration and now - started >= args.duration:
            break
        try:
            if now >= next_report:
                long_report.delay(steps=60, interval=1.0)
                next_report = now + args.report_every
            else:
                pick = random.random()
                if pick < 0.5:
                    add.delay(random.randint(0, 100), random.randint(0, 100))
                elif pick < 0.8:
                    # Now and then a very flaky one, so some really end as FAILURE.
                    flaky.delay(payload=sent, fail_rate=0.9 if random.random() < 0.1 else 0.3)
                else:
                    resize_image.delay(name=f"img-{sent}.jpg", width=random.choice([640, 1280, 1920]), height=480)
            sent += 1
        except Exception as exc:  # broker blip: keep producing, say why
            print(f"send failed: {exc}", file=sys.stderr, flush=True)
            time.sleep(1)
        # Exponential gaps give a realistic, bursty "a few per second".
        time.sleep(min(random.expovariate(args.rate), 2.0))
    print(f"producer stopped after {sent} tasks", flush=True)


if __name__ == "__main__":
    main()
