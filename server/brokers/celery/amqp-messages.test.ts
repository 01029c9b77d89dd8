import { describe, expect, it } from "vitest";
import { controlPublish, parseControlReply, parseEvents, taskPublish } from "./amqp-messages";

// Captured from Celery 5.2.6 (kombu 5.2.4, py-amqp 5.1.1) on RabbitMQ 3.10 with the firehose
// tracer (amq.rabbitmq.trace): `celery inspect ping` and `demo.add.apply_async((2, 3), queue="capq")`.
const CAPTURED_PING = {
  exchange: "celery.pidbox",
  routingKey: "",
  properties: { priority: 0, delivery_mode: 2, headers: { clock: 1, expires: 1796206840.7084625 }, content_encoding: "utf-8", content_type: "application/json" },
  body: '{"method": "ping", "arguments": {}, "destination": null, "pattern": null, "matcher": null, "ticket": "30cd5820-5247-4654-b6d1-ed5cdf70e2c7", "reply_to": {"exchange": "reply.celery.pidbox", "routing_key": "f5910908-c017-31b4-9a9b-c145af2ec951"}}',
};
const CAPTURED_REPLY = {
  properties: { priority: 0, delivery_mode: 1, headers: { ticket: "30cd5820-5247-4654-b6d1-ed5cdf70e2c7", clock: 3 }, content_encoding: "utf-8", content_type: "application/json" },
  body: '{"capw@vm": {"ok": "pong"}}',
};
const CAPTURED_TASK = {
  exchange: "",
  routingKey: "capq",
  properties: {
    reply_to: "0d9cf560-5401-38bb-b8db-2d2f0a4ba5b5",
    correlation_id: "695f06d8-b827-4f04-878e-e96ae7bce39a",
    delivery_mode: 2,
    headers: {
      lang: "py",
      task: "demo.add",
      id: "695f06d8-b827-4f04-878e-e96ae7bce39a",
      shadow: null,
      eta: null,
      expires: null,
      group: null,
      group_index: null,
      retries: 0,
      timelimit: [null, null],
      root_id: "695f06d8-b827-4f04-878e-e96ae7bce39a",
      parent_id: null,
      argsrepr: "(2, 3)",
      kwargsrepr: "{}",
      origin: "gen11765@vm",
      ignore_result: false,
    },
    content_encoding: "utf-8",
    content_type: "application/json",
  },
  body: '[[2, 3], {}, {"callbacks": null, "errbacks": null, "chain": null, "chord": null}]',
};
const CAPTURED_TASK_MULTI =
  '[{"hostname": "capw@vm", "utcoffset": 0, "pid": 11652, "clock": 10, "uuid": "695f06d8-b827-4f04-878e-e96ae7bce39a", "timestamp": 1796206843.8797827, "type": "task-started"}]';
const CAPTURED_HEARTBEAT =
  '{"hostname": "capw@vm", "utcoffset": 0, "pid": 11652, "clock": 2, "freq": 2.0, "active": 0, "processed": 0, "loadavg": [3.44, 1.74, 0.78], "sw_ident": "py-celery", "sw_ver": "5.2.6", "sw_sys": "Linux", "timestamp": 1796206833.6468723, "type": "worker-heartbeat"}';

describe("pidbox broadcast over AMQP", () => {
  it("publishes what Celery's own client publishes: same exchange, body, headers and properties", () => {
    const msg = controlPublish({
      method: "ping",
      destination: null,
      ticket: "30cd5820-5247-4654-b6d1-ed5cdf70e2c7",
      replyRoutingKey: "f5910908-c017-31b4-9a9b-c145af2ec951",
      clock: 1,
      expiresAt: 1796206840.7084625,
      namespace: "celery",
    });
    expect(msg.exchange).toBe(CAPTURED_PING.exchange);
    expect(msg.routingKey).toBe(CAPTURED_PING.routingKey);
    const body = JSON.parse(msg.content.toString("utf8"));
    const celery = JSON.parse(CAPTURED_PING.body);
    expect(body).toEqual(celery);
    expect(Object.keys(body)).toEqual(Object.keys(celery));
    const p = CAPTURED_PING.properties;
    expect(msg.options).toEqual({
      contentType: p.content_type,
      contentEncoding: p.content_encoding,
      headers: p.headers,
      deliveryMode: p.delivery_mode,
      priority: p.priority,
    });
  });

  it("names the exchanges after the app's control exchange", () => {
    const msg = controlPublish({ method: "stats", destination: ["a@h"], ticket: "t", replyRoutingKey: "r", clock: 2, expiresAt: 1, namespace: "myapp" });
    expect(msg.exchange).toBe("myapp.pidbox");
    expect(JSON.parse(msg.content.toString())).toMatchObject({ destination: ["a@h"], reply_to: { exchange: "reply.myapp.pidbox", routing_key: "r" } });
  });

  it("reads a worker's reply with its ticket and clock", () => {
    const r = CAPTURED_REPLY;
    expect(parseControlReply(Buffer.from(r.body), r.properties.content_type, r.properties.headers)).toEqual({
      ticket: "30cd5820-5247-4654-b6d1-ed5cdf70e2c7",
      clock: 3,
      replies: { "capw@vm": { ok: "pong" } },
    });
  });

  it("skips replies it cannot read: no ticket, not JSON, not an object", () => {
    const json = "application/json";
    expect(parseControlReply(Buffer.from('{"a@h": 1}'), json, {})).toBeNull();
    expect(parseControlReply(Buffer.from('{"a@h": 1}'), "application/x-python-serialize", { ticket: "t" })).toBeNull();
    expect(parseControlReply(Buffer.from("[1]"), json, { ticket: "t" })).toBeNull();
    expect(parseControlReply(Buffer.from("{oops"), json, { ticket: "t" })).toBeNull();
  });
});

describe("task message over AMQP", () => {
  it("matches Celery's own task message apart from origin and the reply_to uuid", () => {
    const msg = taskPublish({ id: "695f06d8-b827-4f04-878e-e96ae7bce39a", name: "demo.add", args: [2, 3], kwargs: {}, queue: "capq" });
    const c = CAPTURED_TASK;
    expect(msg.exchange).toBe(c.exchange);
    expect(msg.routingKey).toBe(c.routingKey);
    expect(JSON.parse(msg.content.toString("utf8"))).toEqual(JSON.parse(c.body));
    const { replyTo, headers, ...rest } = msg.options;
    expect(replyTo).toMatch(/^[0-9a-f-]{36}$/);
    expect(rest).toEqual({
      contentType: c.properties.content_type,
      contentEncoding: c.properties.content_encoding,
      deliveryMode: c.properties.delivery_mode,
      correlationId: c.properties.correlation_id,
    });
    // argsrepr is a Python repr in Celery's message; ours is JSON (only shown by tools like Flower).
    const celeryHeaders = { ...c.properties.headers, origin: "x", argsrepr: "x" };
    expect({ ...headers, origin: "x", argsrepr: "x" }).toEqual(celeryHeaders);
    expect(Object.keys(headers).sort()).toEqual(Object.keys(c.properties.headers).sort());
  });

  it("routes through the given exchange and routing key, with lineage, priority and extra headers", () => {
    const msg = taskPublish({
      id: "new",
      name: "demo.add",
      args: [1],
      kwargs: { y: 2 },
      queue: "q",
      exchange: "tasks",
      routingKey: "rk",
      priority: 5,
      parentId: "p",
      rootId: "r",
      headers: { "x-retried-from": "old" },
    });
    expect([msg.exchange, msg.routingKey]).toEqual(["tasks", "rk"]);
    expect(msg.options.priority).toBe(5);
    expect(msg.options.headers).toMatchObject({ id: "new", root_id: "r", parent_id: "p", "x-retried-from": "old" });
    expect(JSON.parse(msg.content.toString())[1]).toEqual({ y: 2 });
  });
});

describe("celeryev messages", () => {
  it("flattens task.multi lists and passes single events through", () => {
    expect(parseEvents(Buffer.from(CAPTURED_TASK_MULTI), "application/json")).toEqual([
      expect.objectContaining({ type: "task-started", uuid: "695f06d8-b827-4f04-878e-e96ae7bce39a", hostname: "capw@vm", clock: 10 }),
    ]);
    expect(parseEvents(Buffer.from(CAPTURED_HEARTBEAT), "application/json")).toEqual([
      expect.objectContaining({ type: "worker-heartbeat", hostname: "capw@vm", freq: 2, active: 0 }),
    ]);
  });

  it("drops what is not a JSON event", () => {
    expect(parseEvents(Buffer.from('[{"type": "a"}, {"no": "type"}, 3]'), "application/json")).toEqual([{ type: "a" }]);
    expect(parseEvents(Buffer.from("not json"), "application/json")).toEqual([]);
    expect(parseEvents(Buffer.from('{"type": "a"}'), "application/x-msgpack")).toEqual([]);
  });
});
