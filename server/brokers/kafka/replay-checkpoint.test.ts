import { KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from "kafkajs";
import { describe, expect, it } from "vitest";
import { coordinatorNotReady } from "./replay-checkpoint";

// kafkajs's own error objects, as its protocol layer makes them for codes 14, 15 and 16.
const protocolError = (code: number, type: string) => new KafkaJSProtocolError(Object.assign(new Error(type), { code, type, retriable: true }) as never);

describe("coordinatorNotReady", () => {
  it("knows the coordinator's 'not yet' by its code, under kafkajs's names", () => {
    expect(coordinatorNotReady(protocolError(14, "GROUP_LOAD_IN_PROGRESS"))).toBe(true);
    expect(coordinatorNotReady(protocolError(15, "GROUP_COORDINATOR_NOT_AVAILABLE"))).toBe(true);
    expect(coordinatorNotReady(protocolError(16, "NOT_COORDINATOR_FOR_GROUP"))).toBe(true);
  });

  it("sees through kafkajs's retries-exceeded wrapper", () => {
    const wrapped = new KafkaJSNumberOfRetriesExceeded(protocolError(16, "NOT_COORDINATOR_FOR_GROUP"), { retryCount: 5, retryTime: 1000 });
    expect(coordinatorNotReady(wrapped)).toBe(true);
  });

  it("leaves every other error to fail", () => {
    expect(coordinatorNotReady(protocolError(3, "UNKNOWN_TOPIC_OR_PARTITION"))).toBe(false);
    expect(coordinatorNotReady(new KafkaJSNumberOfRetriesExceeded(protocolError(25, "UNKNOWN_MEMBER_ID"), { retryCount: 1, retryTime: 1 }))).toBe(false);
    expect(coordinatorNotReady(new Error("This is not the correct coordinator for this group"))).toBe(false);
    expect(coordinatorNotReady(undefined)).toBe(false);
  });
});
