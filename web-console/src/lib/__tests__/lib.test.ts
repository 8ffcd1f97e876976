import { describe, expect, it } from "vitest";
import { fakeJwt, json } from "@/test/http";
import { query, resourceKey } from "../api";
import { filtersFromSearch, findingsQuery, withFilter } from "../filters";
import { hasRole, readClaims } from "../jwt";
import { planSides, stableJson } from "../plan";
import { problemFrom, readableProblem } from "../problem";
import { mergeBySeq } from "../sse";

describe("problem+json", () => {
  it("reads detail and names where each error is", () => {
    const text = readableProblem({
      type: "https://praetor.dev/problems/validation",
      title: "Invalid input",
      status: 422,
      detail: "the policy does not compile",
      errors: [{ line: 4, column: 7, message: "undeclared reference to 'resourc'" }, { pointer: "/spec/mode", message: "must be audit, manual or auto" }],
    });
    expect(text).toBe("the policy does not compile — line 4:7: undeclared reference to 'resourc'; /spec/mode: must be audit, manual or auto");
  });

  it("falls back to a hint per problem type, then to the status", () => {
    expect(readableProblem({ type: "https://praetor.dev/problems/forbidden" })).toBe("Your roles do not allow this.");
    expect(readableProblem({}, 502)).toBe("Request failed (HTTP 502)");
  });

  it("builds an error from a problem response and from a bare one", async () => {
    const p = await problemFrom(json(409, { type: "https://praetor.dev/problems/invalid-transition", title: "Conflict", status: 409, detail: "cannot run a planned action" }, "application/problem+json"));
    expect(p.status).toBe(409);
    expect(p.message).toBe("cannot run a planned action");
    const bare = await problemFrom(new Response("<html>", { status: 503, statusText: "Service Unavailable" }));
    expect(bare.message).toBe("Service Unavailable");
  });
});

describe("findings filters", () => {
  it("map the URL to the API query, tag as tag.KEY=VALUE, open and riskiest first by default", () => {
    const f = filtersFromSearch(new URLSearchParams("severity=high&tag=env%3Dprod&cursor=abc&unknown=1"));
    expect(f).toEqual({ severity: "high", tag: "env=prod", cursor: "abc" });
    expect(findingsQuery(f, 25)).toBe("?status=open&severity=high&cursor=abc&tag.env=prod&sort=-risk_score&limit=25");
  });

  it("changing a filter starts from the first page; paging keeps the filters", () => {
    const now = new URLSearchParams("severity=high&cursor=abc");
    expect(withFilter(now, "account", "123")).toBe("?severity=high&account=123");
    expect(withFilter(now, "cursor", "def")).toBe("?severity=high&cursor=def");
    expect(withFilter(new URLSearchParams("severity=high"), "severity", null)).toBe("");
  });

  it("query drops empty values", () => {
    expect(query({ a: "1", b: "", c: undefined, d: 0 })).toBe("?a=1&d=0");
  });
});

describe("resource keys", () => {
  it("are base64url without padding of the UTF-8 id", () => {
    expect(resourceKey("arn:aws:s3:::acme-public-assets")).toBe("YXJuOmF3czpzMzo6OmFjbWUtcHVibGljLWFzc2V0cw");
    expect(resourceKey("é/?")).toBe("w6kvPw");
  });
});

describe("claims", () => {
  it("reads sub, tenant and roles; roles stack", () => {
    const p = readClaims(fakeJwt({ sub: "bob", tid: "acme", roles: ["approver"], exp: 10 }));
    expect(p).toEqual({ sub: "bob", tenant: "acme", roles: ["approver"], exp: 10 });
    expect(hasRole(p, "viewer")).toBe(true);
    expect(hasRole(p, "operator")).toBe(false);
    expect(hasRole(readClaims(fakeJwt({ sub: "r", roles: ["admin"] })), "approver")).toBe(true);
    expect(() => readClaims("nonsense")).toThrow(/not a JWT/);
  });
});

describe("plan sides", () => {
  it("uses the states the server sent, else applies the diff to the prior state", () => {
    const prior = { versioning: { status: "Off" }, name: "b" };
    expect(planSides({ summary: "", diff: [], destructive: false, base_version: 1, planned_at: "", prior_state: prior, planned_state: { name: "c" } }))
      .toEqual({ before: prior, after: { name: "c" } });
    const sides = planSides({ summary: "", diff: [{ op: "replace", path: "/versioning/status", value: "Enabled" }], destructive: false, base_version: 1, planned_at: "", prior_state: prior });
    expect(sides?.after).toEqual({ versioning: { status: "Enabled" }, name: "b" });
    expect(prior.versioning.status).toBe("Off");
    expect(planSides({ summary: "", diff: [], destructive: false, base_version: 1, planned_at: "" })).toBeNull();
  });

  it("prints JSON with sorted keys", () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{\n  "a": {\n    "c": 3,\n    "d": 2\n  },\n  "b": 1\n}');
  });
});

describe("timeline merge", () => {
  it("orders by seq and ignores replays", () => {
    const merged = mergeBySeq([{ seq: 1, v: "a" }, { seq: 2, v: "b" }], [{ seq: 2, v: "B" }, { seq: 4, v: "d" }, { seq: 3, v: "c" }]);
    expect(merged).toEqual([{ seq: 1, v: "a" }, { seq: 2, v: "b" }, { seq: 3, v: "c" }, { seq: 4, v: "d" }]);
  });
});
