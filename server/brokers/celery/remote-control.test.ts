import { describe, expect, it } from "vitest";
import { decodeEnvelope } from "./envelope";
import { encodeControlMessage, outcomes } from "./remote-control";

// `inspect(destination=['qdexp@vm']).ping()` from Celery 5.2.6's own client,
// PUBLISHed on /0.celery.pidbox, captured with `redis-cli monitor`.
const CAPTURED_BROADCAST =
  '{"body": "eyJtZXRob2QiOiAicGluZyIsICJhcmd1bWVudHMiOiB7fSwgImRlc3RpbmF0aW9uIjogWyJxZGV4cEB2bSJdLCAicGF0dGVybiI6IG51bGwsICJtYXRjaGVyIjogbnVsbCwgInRpY2tldCI6ICI1ZTk2YmNhZC0wYzVlLTQyZWQtYWMxZC0xNmNjZjNkZWQ4NzAiLCAicmVwbHlfdG8iOiB7ImV4Y2hhbmdlIjogInJlcGx5LmNlbGVyeS5waWRib3giLCAicm91dGluZ19rZXkiOiAiZjk3MmIzNDUtZWRhMS0zZWRiLTg2OTQtZGFjNGI4YTg5NmM5In19", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"clock": 1, "expires": 1795835794.7708395}, "properties": {"delivery_mode": 2, "delivery_info": {"exchange": "celery.pidbox", "routing_key": ""}, "priority": 0, "body_encoding": "base64", "delivery_tag": "6f25105a-515f-4741-8a72-61752a160a63"}}';

describe("pidbox broadcast", () => {
  it("matches what Celery's own client publishes, field for field", () => {
    const celery = decodeEnvelope(CAPTURED_BROADCAST);
    const ours = decodeEnvelope(
      encodeControlMessage({
        method: "ping",
        destination: ["qdexp@vm"],
        ticket: "5e96bcad-0c5e-42ed-ac1d-16ccf3ded870",
        replyRoutingKey: "f972b345-eda1-3edb-8694-dac4b8a896c9",
        clock: 1,
        expiresAt: 1795835794.7708395,
        namespace: "celery",
      }),
    );
    expect(ours.body).toEqual(celery.body);
    expect(Object.keys(ours.body as object)).toEqual(Object.keys(celery.body as object));
    expect(ours.headers).toEqual(celery.headers);
    // delivery_tag is a fresh uuid per message; everything else must match.
    expect({ ...ours.properties, delivery_tag: "x" }).toEqual({ ...celery.properties, delivery_tag: "x" });
  });

  it("broadcasts to everyone with destination null and passes arguments through", () => {
    const msg = decodeEnvelope(
      encodeControlMessage({
        method: "rate_limit",
        arguments: { task_name: "demo.add", rate_limit: "10/m" },
        destination: null,
        ticket: "t",
        replyRoutingKey: "r",
        clock: 5,
        expiresAt: 1,
        namespace: "celery",
      }),
    );
    expect(msg.body).toMatchObject({ method: "rate_limit", arguments: { task_name: "demo.add", rate_limit: "10/m" }, destination: null });
  });
});

describe("control outcomes", () => {
  it("flattens {host: {ok|error}} replies, sorted by worker", () => {
    expect(
      outcomes({
        "b@h": { error: "unknown task" },
        "a@h": { ok: "new rate limit set successfully" },
        "c@h": ["weird"],
      }),
    ).toEqual([
      { worker: "a@h", ok: "new rate limit set successfully" },
      { worker: "b@h", error: "unknown task" },
      { worker: "c@h", error: 'unexpected reply: ["weird"]' },
    ]);
  });
});
