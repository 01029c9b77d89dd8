import { describe, expect, it } from "vitest";
import { controlReply } from "./control-reply";

describe("controlReply", () => {
  it("names who acknowledged, who refused and who was expected but silent", () => {
    const reply = controlReply(["w1@h", "w2@h", "w3@h"], [
      { worker: "w2@h", ok: "new rate limit set successfully" },
      { worker: "w1@h", error: "unknown task" },
    ]);
    expect(reply).toEqual({ ok: false, acknowledged: ["w2@h"], noReply: ["w3@h"], refused: [{ worker: "w1@h", error: "unknown task" }] });
  });

  it("is ok when every expected worker acknowledged, even one the snapshot did not know yet", () => {
    expect(controlReply(["w1@h"], [{ worker: "w1@h", ok: "tasks revoked" }, { worker: "new@h", ok: "tasks revoked" }])).toEqual({
      ok: true,
      acknowledged: ["new@h", "w1@h"],
      noReply: [],
      refused: [],
    });
  });

  it("is not ok when nobody answered", () => {
    expect(controlReply([], [])).toEqual({ ok: false, acknowledged: [], noReply: [], refused: [] });
  });
});
