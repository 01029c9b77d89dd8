import { describe, expect, it } from "vitest";
import { parseQueueId, queueIdOf, rabbitName, rabbitNameOfId } from "./rabbitmq";

describe("RabbitMQ ids and readable names", () => {
  it("parses what queueIdOf builds, odd names and vhosts included", () => {
    for (const [vhost, name] of [["/", "demo.orders"], ["/ops team", "Bestellungen für Jürgen ✓"], ["v", ""]] as const) {
      expect(parseQueueId(queueIdOf(vhost, name))).toEqual({ vhost, name });
    }
    expect(queueIdOf("/", "demo.orders")).toBe("LwBkZW1vLm9yZGVycw");
  });

  it("refuses what is not one of its ids, without throwing", () => {
    for (const id of ["", "A", "not base64 !", "ZGVtbw"]) expect(parseQueueId(id)).toBeNull();
  });

  it("names queues and exchanges the way people read them", () => {
    expect(rabbitNameOfId("LwBkZW1vLm9yZGVycw")).toBe("demo.orders (vhost /)");
    expect(rabbitName("/", "", "exchange")).toBe("(AMQP default) (vhost /)");
    expect(rabbitNameOfId(queueIdOf("/", "dlx"), "exchange")).toBe("dlx (vhost /)");
    expect(rabbitNameOfId("olga")).toBe("olga");
  });
});
