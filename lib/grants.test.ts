import { describe, expect, it } from "vitest";
import { describeGrants, globalRole, grantLines, grantsSchema, parseGrantLines, roleOn, topRole, type Grant } from "./grants";

const payments = { id: "payments-eu", tags: ["team-a"] };
const rabbit = { id: "rabbit-main" };
const other = { id: "jobs", tags: ["team-b"] };

describe("roleOn", () => {
  const grants: Grant[] = [
    { role: "operator", sources: ["payments-*"] },
    { role: "viewer", sources: "*" },
  ];

  it("takes the highest role among matching grants, whatever their order", () => {
    expect(roleOn(grants, payments)).toBe("operator");
    expect(roleOn([...grants].reverse(), payments)).toBe("operator");
    expect(roleOn(grants, rabbit)).toBe("viewer");
  });

  it("hides a source no grant matches", () => {
    const scoped: Grant[] = [{ role: "operator", sources: ["rabbit-*"] }];
    expect(roleOn(scoped, rabbit)).toBe("operator");
    expect(roleOn(scoped, other)).toBeUndefined();
  });

  it("matches ids exactly, globs anywhere in the id, and tags", () => {
    expect(roleOn([{ role: "admin", sources: ["jobs"] }], other)).toBe("admin");
    expect(roleOn([{ role: "admin", sources: ["job"] }], other)).toBeUndefined();
    expect(roleOn([{ role: "viewer", sources: ["*-eu"] }], payments)).toBe("viewer");
    expect(roleOn([{ role: "viewer", sources: ["pay*eu"] }], payments)).toBe("viewer");
    expect(roleOn([{ role: "viewer", sources: ["payments"] }], payments)).toBeUndefined();
    expect(roleOn([{ role: "operator", sources: ["tag:team-a"] }], payments)).toBe("operator");
    expect(roleOn([{ role: "operator", sources: ["tag:team-a"] }], rabbit)).toBeUndefined();
    expect(roleOn([{ role: "operator", sources: ["tag:team-a"] }], other)).toBeUndefined();
  });

  it("treats glob characters other than * literally", () => {
    expect(roleOn([{ role: "viewer", sources: ["rabbit-mai."] }], rabbit)).toBeUndefined();
  });
});

describe("globalRole and topRole", () => {
  it("counts only '*' grants as global", () => {
    expect(globalRole([{ role: "admin", sources: ["payments-*"] }, { role: "viewer", sources: "*" }])).toBe("viewer");
    expect(globalRole([{ role: "admin", sources: ["payments-*"] }])).toBeUndefined();
    expect(topRole([{ role: "admin", sources: ["payments-*"] }, { role: "viewer", sources: "*" }])).toBe("admin");
  });
});

describe("grantsSchema", () => {
  it("accepts ids, globs and tags, and refuses empty lists and unknown roles", () => {
    expect(grantsSchema.safeParse([{ role: "operator", sources: ["payments-*", "tag:team-a", "jobs"] }]).success).toBe(true);
    expect(grantsSchema.safeParse([]).success).toBe(false);
    expect(grantsSchema.safeParse([{ role: "root", sources: "*" }]).success).toBe(false);
    expect(grantsSchema.safeParse([{ role: "viewer", sources: [] }]).success).toBe(false);
    expect(grantsSchema.safeParse([{ role: "viewer", sources: ["Bad Name"] }]).success).toBe(false);
    expect(grantsSchema.safeParse([{ role: "viewer", sources: "*", extra: 1 }]).success).toBe(false);
  });
});

describe("grant lines (the admin form)", () => {
  it("round-trips and says what is wrong", () => {
    const grants = parseGrantLines("operator: payments-*, tag:team-a\n\nviewer: *");
    expect(grants).toEqual([
      { role: "operator", sources: ["payments-*", "tag:team-a"] },
      { role: "viewer", sources: "*" },
    ]);
    expect(parseGrantLines(grantLines(grants))).toEqual(grants);
    expect(describeGrants(grants)).toBe("operator on payments-*, tag:team-a; viewer on *");
    expect(() => parseGrantLines("root: *")).toThrow(/role: sources/);
    expect(() => parseGrantLines("")).toThrow(/at least one grant/);
  });
});
