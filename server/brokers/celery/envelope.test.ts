import { describe, expect, it } from "vitest";
import {
  KOMBU_SEP,
  bindingMember,
  bindingSetKey,
  buildTaskMessage,
  decodeEnvelope,
  encodeEnvelope,
  fanoutChannel,
  priorityQueueKeys,
} from "./envelope";

// A reply a real Celery 5.2.6 worker LPUSHed, captured with `redis-cli monitor`.
const CAPTURED_REPLY =
  '{"body": "eyJxZGV4cEB2bSI6IHsib2siOiAicG9uZyJ9fQ==", "content-encoding": "utf-8", "content-type": "application/json", "headers": {"ticket": "5e96bcad-0c5e-42ed-ac1d-16ccf3ded870", "clock": 29}, "properties": {"delivery_mode": 1, "delivery_info": {"exchange": "reply.celery.pidbox", "routing_key": "f972b345-eda1-3edb-8694-dac4b8a896c9"}, "priority": 0, "body_encoding": "base64", "delivery_tag": "02354b0f-f083-4642-ad7a-fdf5d87248c1"}}';

describe("kombu envelope", () => {
  it("decodes a reply captured from a real worker", () => {
    const msg = decodeEnvelope(CAPTURED_REPLY);
    expect(msg.body).toEqual({ "qdexp@vm": { ok: "pong" } });
    expect(msg.headers).toEqual({ ticket: "5e96bcad-0c5e-42ed-ac1d-16ccf3ded870", clock: 29 });
    expect(msg.properties.delivery_info).toEqual({
      exchange: "reply.celery.pidbox",
      routing_key: "f972b345-eda1-3edb-8694-dac4b8a896c9",
    });
  });

  it("encodes with exactly kombu's fields, body base64 JSON", () => {
    const raw = encodeEnvelope({
      body: { method: "ping", arguments: {} },
      headers: { clock: 1, expires: 123.5 },
      exchange: "celery.pidbox",
      routingKey: "",
      deliveryMode: 2,
    });
    const env = JSON.parse(raw);
    expect(Object.keys(env).sort()).toEqual(["body", "content-encoding", "content-type", "headers", "properties"]);
    expect(env["content-type"]).toBe("application/json");
    expect(env["content-encoding"]).toBe("utf-8");
    expect(env.headers).toEqual({ clock: 1, expires: 123.5 });
    expect(env.properties).toMatchObject({
      delivery_mode: 2,
      delivery_info: { exchange: "celery.pidbox", routing_key: "" },
      priority: 0,
      body_encoding: "base64",
    });
    expect(env.properties.delivery_tag).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(Buffer.from(env.body, "base64").toString("utf8"))).toEqual({ method: "ping", arguments: {} });
  });

  it("round-trips unicode payloads", () => {
    const body = { name: "résumé ✓", n: [1, 2, { x: null }] };
    const msg = decodeEnvelope(encodeEnvelope({ body, exchange: "e", routingKey: "k" }));
    expect(msg.body).toEqual(body);
  });

  it("rejects what is not a JSON kombu envelope", () => {
    expect(() => decodeEnvelope("not json")).toThrow();
    expect(() => decodeEnvelope('{"nobody": 1}')).toThrow(/missing string body/);
    const pickled = JSON.stringify({ body: "gAN9cQAu", "content-type": "application/x-python-serialize", properties: { body_encoding: "base64" } });
    expect(() => decodeEnvelope(pickled)).toThrow(/unsupported content-type/);
  });
});

describe("kombu key names", () => {
  it("binding member is routing key, pattern, queue joined by \\x06\\x16 (as captured)", () => {
    const r = "f972b345-eda1-3edb-8694-dac4b8a896c9";
    expect(bindingMember(r, "", `${r}.reply.celery.pidbox`)).toBe(
      "f972b345-eda1-3edb-8694-dac4b8a896c9\x06\x16\x06\x16f972b345-eda1-3edb-8694-dac4b8a896c9.reply.celery.pidbox",
    );
    expect(KOMBU_SEP).toBe("\u0006\u0016");
    expect(bindingSetKey("reply.celery.pidbox")).toBe("_kombu.binding.reply.celery.pidbox");
  });

  it("fanout channel is /{db}.{exchange}", () => {
    expect(fanoutChannel(0, "celery.pidbox")).toBe("/0.celery.pidbox");
    expect(fanoutChannel(7, "celeryev")).toBe("/7.celeryev");
  });

  it("a queue's lists are itself plus priority 3, 6 and 9 sub-lists", () => {
    expect(priorityQueueKeys("celery")).toEqual(["celery", "celery\x06\x163", "celery\x06\x166", "celery\x06\x169"]);
  });
});

describe("protocol 2 task message", () => {
  it("carries headers, properties and body as Celery 5 sends them", () => {
    const { id, queue, envelope } = buildTaskMessage({ name: "demo.add", args: [1, 2], kwargs: { z: 3 }, queue: "q1" });
    expect(queue).toBe("q1");
    const msg = decodeEnvelope(envelope);
    expect(msg.headers).toMatchObject({ lang: "py", task: "demo.add", id, root_id: id, parent_id: null, retries: 0, timelimit: [null, null] });
    expect(msg.properties).toMatchObject({
      correlation_id: id,
      delivery_mode: 2,
      delivery_info: { exchange: "", routing_key: "q1" },
      priority: 0,
    });
    expect(msg.body).toEqual([[1, 2], { z: 3 }, { callbacks: null, errbacks: null, chain: null, chord: null }]);
  });

  it("defaults to the celery queue and a fresh uuid", () => {
    const a = buildTaskMessage({ name: "t" });
    const b = buildTaskMessage({ name: "t" });
    expect(a.queue).toBe("celery");
    expect(a.id).not.toBe(b.id);
  });
});
