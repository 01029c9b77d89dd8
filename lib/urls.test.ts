import { describe, expect, it } from "vitest";
import { queueIdOf } from "./rabbitmq";
import { fromBase64url, toBase64url } from "./base64url";
import { apiPaths, bullLocation, bullQueueIdOf, pages, rabbitLocation, withQuery } from "./urls";

describe("page hrefs", () => {
  it("put readable, encoded names in the path", () => {
    expect(pages.rabbitQueue("rabbit", "/", "demo.orders")).toBe("/sources/rabbit/queues/%2F/demo.orders");
    expect(pages.bullQueue("jobs", "emails")).toBe("/sources/jobs/queues/emails");
    expect(pages.bullJob("jobs", "emails", "42")).toBe("/sources/jobs/queues/emails/jobs/42");
    expect(pages.bullQueue("jobs", "a b/ü?#")).toBe("/sources/jobs/queues/a%20b%2F%C3%BC%3F%23");
    expect(pages.kafkaTopic("kafka", "orders")).toBe("/sources/kafka/topics/orders");
    expect(pages.kafkaGroup("kafka", "billing")).toBe("/sources/kafka/groups/billing");
    expect(pages.celeryTask("celery", "5f0c")).toBe("/sources/celery/tasks/5f0c");
    expect(pages.celeryTasks("celery")).toBe("/sources/celery/tasks");
    expect(pages.celeryTasks("celery", { state: "FAILURE", name: "" })).toBe("/sources/celery/tasks?state=FAILURE");
    expect(pages.deadLetters("rabbit")).toBe("/sources/rabbit/dead-letters");
  });

  it("leave empty query values out", () => {
    expect(pages.audit()).toBe("/audit");
    expect(pages.audit({ source: "jobs", action: "" })).toBe("/audit?source=jobs");
    expect(withQuery("/x", { a: 1, b: undefined, c: null, d: ["p", "q"], e: false })).toBe("/x?a=1&d=p%2Cq&e=false");
  });
});

describe("API paths", () => {
  it("keep the opaque ids and encode every value", () => {
    const id = queueIdOf("/", "demo.orders");
    expect(apiPaths.queue("rabbit", id)).toBe(`/api/v1/sources/rabbit/queues/${id}`);
    expect(apiPaths.queueVerb("rabbit", id, "purge")).toBe(`/api/v1/sources/rabbit/queues/${id}/purge`);
    expect(apiPaths.peek("rabbit", id)).toBe(`/api/v1/sources/rabbit/queues/${id}/messages/peek`);
    expect(apiPaths.jobs("jobs", "ZW1haWxz", { state: "failed", limit: 25, cursor: undefined })).toBe("/api/v1/sources/jobs/queues/ZW1haWxz/jobs?state=failed&limit=25");
    expect(apiPaths.jobSearch("jobs", "q", { q: "$.a=1 b", states: ["failed", "waiting"] })).toBe("/api/v1/sources/jobs/queues/q/jobs/search?q=%24.a%3D1+b&states=failed%2Cwaiting");
    expect(apiPaths.jobVerb("jobs", "q", "a/b", "retry")).toBe("/api/v1/sources/jobs/queues/q/jobs/a%2Fb/retry");
    expect(apiPaths.series("kafka", "group:abc", { metric: "lag", from: 1, to: 2 })).toBe("/api/v1/sources/kafka/series?entity=group%3Aabc&metric=lag&from=1&to=2");
    expect(apiPaths.taskTypeRateLimit("celery", "tasks.add")).toBe("/api/v1/sources/celery/task-types/tasks.add/rate-limit");
    expect(apiPaths.tasks("celery", { state: ["FAILURE", "RETRY"], name: "demo.add", cursor: "1-2", q: "" })).toBe(
      "/api/v1/sources/celery/tasks?state=FAILURE%2CRETRY&name=demo.add&cursor=1-2",
    );
    expect(apiPaths.task("celery", "a/b")).toBe("/api/v1/sources/celery/tasks/a%2Fb");
    expect(apiPaths.taskStats("celery", { name: "demo.add", from: 1, to: 2 })).toBe("/api/v1/sources/celery/tasks/stats?name=demo.add&from=1&to=2");
    // The running tasks (the panel's snapshot list) moved to ?active=1 when .../tasks became the history.
    expect(apiPaths.list("celery", "tasks")).toBe("/api/v1/sources/celery/tasks?active=1");
    expect(apiPaths.list("celery", "workers")).toBe("/api/v1/sources/celery/workers");
    expect(apiPaths.audit({ limit: 100, source: "jobs", cursor: undefined })).toBe("/api/v1/audit?limit=100&source=jobs");
    expect(apiPaths.taskRetry("celery", "5f0c")).toBe("/api/v1/sources/celery/tasks/5f0c/retry");
  });
});

describe("base64url ids", () => {
  it("match the server's Buffer-based ids both ways", () => {
    for (const name of ["emails", "Überweisung e2e", "a/b+c?", "日本語", "ZW1haWxz"]) {
      expect(bullQueueIdOf(name)).toBe(Buffer.from(name, "utf8").toString("base64url"));
      expect(fromBase64url(toBase64url(name))).toBe(name);
    }
  });

  it("say null for what is not base64url text", () => {
    expect(fromBase64url("demo.orders")).toBeNull();
    expect(fromBase64url("a")).toBeNull();
    expect(fromBase64url("_w")).toBeNull(); // 0xff: not UTF-8
  });
});

describe("queue locations", () => {
  it("RabbitMQ: vhost and name, or an old id redirected", () => {
    expect(rabbitLocation("rabbit", ["/", "demo.orders"])).toEqual({ kind: "rabbit-queue", vhost: "/", name: "demo.orders", queueId: queueIdOf("/", "demo.orders") });
    expect(rabbitLocation("rabbit", [queueIdOf("/", "demo.orders.dlq")])).toEqual({ kind: "redirect", to: "/sources/rabbit/queues/%2F/demo.orders.dlq" });
    expect(rabbitLocation("rabbit", ["emails"])).toEqual({ kind: "unknown" });
    expect(rabbitLocation("rabbit", ["a", "b", "c"])).toEqual({ kind: "unknown" });
  });

  it("BullMQ: a name, a job, or an old id of a queue in the snapshot", () => {
    const names = ["emails", "ZW1haWxz"];
    expect(bullLocation("jobs", ["emails"], names)).toEqual({ kind: "bull-queue", name: "emails", queueId: bullQueueIdOf("emails") });
    expect(bullLocation("jobs", ["emails", "jobs", "42"], names)).toEqual({ kind: "bull-job", name: "emails", queueId: bullQueueIdOf("emails"), jobId: "42" });
    // A queue really named like base64 is that queue, not an old link to "emails".
    expect(bullLocation("jobs", ["ZW1haWxz"], names)).toMatchObject({ kind: "bull-queue", name: "ZW1haWxz" });
    expect(bullLocation("jobs", [bullQueueIdOf("emails")], ["emails"])).toEqual({ kind: "redirect", to: "/sources/jobs/queues/emails" });
    expect(bullLocation("jobs", [bullQueueIdOf("emails"), "jobs", "7"], ["emails"])).toEqual({ kind: "redirect", to: "/sources/jobs/queues/emails/jobs/7" });
    // Decodes, but to no queue of the source: taken as a name (the page then says it does not exist).
    expect(bullLocation("jobs", [bullQueueIdOf("gone")], ["emails"])).toMatchObject({ kind: "bull-queue", name: bullQueueIdOf("gone") });
    expect(bullLocation("jobs", ["emails", "nope", "1"], names)).toEqual({ kind: "unknown" });
  });
});
