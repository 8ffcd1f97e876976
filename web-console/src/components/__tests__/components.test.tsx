import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { fakeJwt, json, openSseResponse, sseResponse, stubFetch } from "@/test/http";
import { renderWith } from "@/test/render";
import type { Action } from "@/lib/types";
import { ActionDrawer } from "../ActionDrawer";
import { Assistant } from "../Assistant";
import { Findings } from "../Findings";
import { trendRows } from "../Overview";
import { Shell } from "../Shell";

const nav = vi.hoisted(() => ({ push: vi.fn(), replace: vi.fn(), search: new URLSearchParams(), path: "/" }));
const { push, replace } = nav;
vi.mock("next/navigation", () => ({
  usePathname: () => nav.path,
  useRouter: () => ({ push: nav.push, replace: nav.replace }),
  useSearchParams: () => nav.search,
}));

afterEach(() => {
  vi.unstubAllGlobals();
  push.mockReset();
  replace.mockReset();
  nav.search = new URLSearchParams();
  nav.path = "/";
});

const tenantEvents = (url: string) => (url === "/api/v1/events" ? openSseResponse([": connected\n\n"]) : undefined);

describe("sign-in", () => {
  it("in dev mode mints a token for the chosen user and roles and shows who is signed in", async () => {
    const calls = stubFetch(
      (url) => (url === "/api/v1/console/config" ? json(200, { dev_mode: true, oidc: null }) : undefined),
      (url, init) => {
        if (url !== "/api/v1/dev/token") return undefined;
        const body = JSON.parse(String(init.body)) as { sub: string; tenant: string; roles: string[] };
        return json(200, { token: fakeJwt({ sub: body.sub, tid: body.tenant, roles: body.roles }), expires_at: "2030-01-01T00:00:00Z" });
      },
      tenantEvents,
    );
    renderWith(<Shell><p>signed-in content</p></Shell>);
    await screen.findByRole("heading", { name: "Development token" });
    expect(screen.queryByRole("heading", { name: "Single sign-on" })).toBeNull();
    const user = userEvent.setup();
    await user.clear(screen.getByLabelText("Tenant"));
    await user.type(screen.getByLabelText("Tenant"), "acme");
    await user.type(screen.getByLabelText("User"), "alice");
    await user.click(screen.getByRole("checkbox", { name: "approver" }));
    await user.click(screen.getByRole("button", { name: "Mint a dev token and sign in" }));
    expect(await screen.findByText("signed-in content")).toBeInTheDocument();
    expect(screen.getByTestId("whoami")).toHaveTextContent("alice @ acme");
    const mint = calls.find((c) => c.url === "/api/v1/dev/token");
    expect(JSON.parse(String(mint?.init.body))).toEqual({ tenant: "acme", sub: "alice", roles: ["operator", "approver"] });
    // the token travels in a header, never in a URL, and is not persisted
    expect(calls.every((c) => !c.url.includes("ey"))).toBe(true);
    expect(localStorage.getItem("praetor.token")).toBeNull();
    expect(Object.keys(sessionStorage)).toEqual([]);
  });

  it("offers single sign-on when the server names an issuer, and shows a readable error when config fails", async () => {
    stubFetch((url) => (url === "/api/v1/console/config" ? json(200, { dev_mode: false, oidc: { issuer: "https://idp.example", client_id: "console" } }) : undefined));
    renderWith(<Shell><p>x</p></Shell>);
    expect(await screen.findByRole("button", { name: "Sign in with your identity provider" })).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Development token" })).toBeNull();
  });

  it("a bad pasted token is refused with a message", async () => {
    stubFetch((url) => (url === "/api/v1/console/config" ? json(200, { dev_mode: false, oidc: null }) : undefined));
    renderWith(<Shell><p>x</p></Shell>);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("Bearer token"), "not-a-token");
    await user.click(screen.getByRole("button", { name: "Sign in with this token" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("not a JWT");
  });
});

function action(over: Partial<Action> = {}): Action {
  return {
    id: "a-1", state: "planned", handler: "aws.s3.enable-versioning", resource_id: "arn:aws:s3:::b", resource_key: "k",
    finding_id: "f-1", policy_id: "p-1", requested_by: "alice", dry_run: true, approvals: [],
    plan: {
      summary: "enable versioning on b", destructive: false, base_version: 3, planned_at: "2026-11-26T00:00:00.000Z",
      diff: [{ op: "replace", path: "/BucketVersioningConfiguration/status", value: "Enabled" }],
      prior_state: { BucketVersioningConfiguration: { status: "Off" } },
      planned_state: { BucketVersioningConfiguration: { status: "Enabled" } },
    },
    result: null, evidence: [], created_at: "2026-11-26T00:00:00.000Z", updated_at: "2026-11-26T00:00:00.000Z",
    ...over,
  };
}

const actionEvents = (url: string) =>
  url === "/api/v1/actions/a-1/events"
    ? openSseResponse([
        'id: 1\nevent: action.queued\ndata: {"action_id":"a-1","seq":1,"type":"action.queued","state":"queued","at":"2026-11-26T00:00:00.000Z","message":"","data":{}}\n\n',
        'id: 2\nevent: action.planned\ndata: {"action_id":"a-1","seq":2,"type":"action.planned","state":"planned","at":"2026-11-26T00:00:01.000Z","message":"plan ready","data":{}}\n\n',
      ])
    : undefined;

describe("action drawer", () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it("shows the plan side by side and the live timeline; approve is disabled for the requester", async () => {
    stubFetch((url) => (url === "/api/v1/actions/a-1" ? json(200, action()) : undefined), actionEvents);
    renderWith(<ActionDrawer actionId="a-1" onClose={() => undefined} />, fakeJwt({ sub: "alice", tid: "acme", roles: ["operator", "approver"] }));
    expect(await screen.findByTestId("plan-summary")).toHaveTextContent("enable versioning on b");
    const diff = screen.getByTestId("plan-diff");
    expect(within(diff).getByText("Before")).toBeInTheDocument();
    expect(within(diff).getByText("After")).toBeInTheDocument();
    // the viewer computes its diff after the first render
    await waitFor(() => expect(diff).toHaveTextContent('"Off"'));
    expect(diff).toHaveTextContent('"Enabled"');
    await waitFor(() => expect(screen.getByTestId("timeline").querySelectorAll("li")).toHaveLength(2));
    expect(screen.getByTestId("timeline")).toHaveTextContent("plan ready");
    expect(screen.getByRole("button", { name: "Approve" })).toBeDisabled();
    expect(screen.getByText("You requested this action; another person must approve it.")).toBeInTheDocument();
  });

  it("lets another approver approve, and shows the server's refusal readably", async () => {
    const calls = stubFetch(
      (url) => (url === "/api/v1/actions/a-1" ? json(200, action()) : undefined),
      actionEvents,
      (url) =>
        url === "/api/v1/actions/a-1/approve"
          ? json(409, { type: "https://praetor.dev/problems/plan-stale", title: "Conflict", status: 409, detail: "re-planned: the resource changed since planning" }, "application/problem+json")
          : undefined,
    );
    renderWith(<ActionDrawer actionId="a-1" onClose={() => undefined} />, fakeJwt({ sub: "bob", tid: "acme", roles: ["approver"] }));
    const approve = await screen.findByRole("button", { name: "Approve" });
    expect(approve).toBeEnabled();
    await userEvent.setup().click(approve);
    expect(await screen.findByRole("alert")).toHaveTextContent("The server refused: re-planned: the resource changed since planning");
    const sent = calls.find((c) => c.url.endsWith("/approve"));
    expect((sent?.init.headers as Record<string, string>).Authorization).toMatch(/^Bearer /);
  });

  it("a destructive plan asks for elevation before approval", async () => {
    const destructive = action();
    if (destructive.plan) destructive.plan.destructive = true;
    stubFetch(
      (url) => (url === "/api/v1/actions/a-1" ? json(200, destructive) : undefined),
      actionEvents,
      (url) => (url === "/api/v1/elevations" ? json(200, { items: [], next_cursor: null }) : undefined),
    );
    renderWith(<ActionDrawer actionId="a-1" onClose={() => undefined} />, fakeJwt({ sub: "bob", tid: "acme", roles: ["approver"] }));
    expect(await screen.findByRole("button", { name: "Request elevation (30 min) to approve" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Approve" })).toBeDisabled();
  });
});

describe("assistant", () => {
  it("streams the answer and links its citations; without speech recognition it says to type", async () => {
    const calls = stubFetch((url) =>
      url === "/api/v1/assistant/chat"
        ? sseResponse([
            'event: token\ndata: {"text":"Score is "}\n\n',
            'event: token\ndata: {"text":"90%."}\n\n',
            'event: done\ndata: {"reply":"Score is 90%.","citations":["f-1","arn:aws:s3:::b"],"suggested_actions":[{"finding_id":"f-1","handler":"http.webhook"}],"source":"local"}\n\n',
          ])
        : undefined,
    );
    renderWith(<Assistant />, fakeJwt({ sub: "alice", tid: "acme", roles: ["operator"] }));
    expect(screen.getByTestId("voice-status")).toHaveTextContent("Voice input is not available in this browser; type your question.");
    expect(screen.queryByRole("button", { name: "Ask by voice" })).toBeNull();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Your question"), "What is our posture?");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    const answer = await screen.findByText("Score is 90%.");
    const msg = answer.closest("[data-testid=assistant-message]") as HTMLElement;
    expect(within(msg).getByText("local analyst")).toBeInTheDocument();
    expect(within(msg).getByRole("link", { name: "f-1" })).toHaveAttribute("href", "/findings?finding=f-1");
    expect(within(msg).getByRole("link", { name: "b" })).toHaveAttribute("href", "/resource?key=YXJuOmF3czpzMzo6OmI");
    expect(within(msg).getByRole("button", { name: "Propose dry-run (http.webhook)" })).toBeInTheDocument();
    const sent = JSON.parse(String(calls[0]?.init.body)) as { messages: unknown[] };
    expect(sent.messages).toEqual([{ role: "user", content: "What is our posture?" }]);
  });

  it("an error event inside the stream is shown as a readable problem; a suggestion with a dry-run opens it", async () => {
    stubFetch((url) =>
      url === "/api/v1/assistant/chat"
        ? sseResponse([
            'event: done\ndata: {"reply":"Top risk: f-9.","citations":["f-9"],"suggested_actions":[{"finding_id":"f-9","handler":"aws.s3.enable-versioning","action_id":"a-9","dry_run":true}],"source":"ai"}\n\n',
          ])
        : undefined,
    );
    renderWith(<Assistant />, fakeJwt({ sub: "alice", tid: "acme", roles: ["operator"] }));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText("Your question"), "top risks?");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    expect(await screen.findByRole("link", { name: "Open the proposed dry-run (aws.s3.enable-versioning)" })).toHaveAttribute("href", "/actions?id=a-9");
    expect(screen.getByText("AI")).toBeInTheDocument();

    stubFetch((url) =>
      url === "/api/v1/assistant/chat"
        ? sseResponse(['event: error\ndata: {"type":"https://praetor.dev/problems/dependency-unavailable","status":503,"title":"Unavailable","detail":"the model timed out"}\n\n'])
        : undefined,
    );
    await user.type(screen.getByLabelText("Your question"), "and now?");
    await user.click(screen.getByRole("button", { name: "Ask" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("The assistant could not answer: the model timed out");
    expect(screen.getByLabelText("Your question")).toBeEnabled();
  });

  it("when the browser's recognition fails, it falls back to text and says why", async () => {
    class FailingRecognition {
      lang = "";
      interimResults = false;
      maxAlternatives = 1;
      onresult: unknown = null;
      onerror: ((e: { error: string }) => void) | null = null;
      onend: (() => void) | null = null;
      start() {
        setTimeout(() => {
          this.onerror?.({ error: "network" });
          this.onend?.();
        }, 0);
      }
      stop() {}
    }
    vi.stubGlobal("webkitSpeechRecognition", FailingRecognition);
    stubFetch();
    renderWith(<Assistant />, fakeJwt({ sub: "alice", tid: "acme", roles: ["viewer"] }));
    const mic = await screen.findByRole("button", { name: "Ask by voice" });
    await userEvent.setup().click(mic);
    expect(await screen.findByText(/speech recognition service is not reachable; type your question instead/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Ask by voice" })).toBeNull();
    expect(screen.getByLabelText("Your question")).toBeEnabled();
  });
});

const finding = (id: string, title: string) => ({
  id, policy_id: "s3-no-public-acl", resource_id: `arn:aws:s3:::${id}`, resource_key: `k-${id}`, resource_type: "aws.s3.bucket",
  account: "123", severity: "high", risk_score: 7, status: "open", title, message: "", first_seen: "2026-11-26T00:00:00.000Z",
  last_seen: "2026-11-26T00:00:00.000Z", resolved_at: null, exemption_id: null, action_ids: [],
});

describe("findings table", () => {
  it("asks the API for the URL's filters and pages with the cursor it returns", async () => {
    nav.path = "/findings";
    nav.search = new URLSearchParams("severity=high&tag=env=prod");
    const calls = stubFetch((url) =>
      url.startsWith("/api/v1/findings?") ? json(200, { items: [finding("a", "Bucket a is public")], next_cursor: "c2" }) : undefined,
    );
    renderWith(<Findings />, fakeJwt({ sub: "alice", tid: "acme", roles: ["viewer"] }));
    expect(await screen.findByRole("button", { name: "Open finding: Bucket a is public" })).toBeInTheDocument();
    expect(calls[0]?.url).toBe("/api/v1/findings?status=open&severity=high&tag.env=prod&sort=-risk_score&limit=25");
    expect(screen.getByRole("button", { name: "Previous page" })).toBeDisabled();
    await userEvent.setup().click(screen.getByRole("button", { name: "Next page" }));
    expect(replace).toHaveBeenCalledWith("/findings?severity=high&tag=env%3Dprod&cursor=c2", { scroll: false });
  });

  it("says so when nothing matches, and shows a problem readably", async () => {
    stubFetch((url) => (url.startsWith("/api/v1/findings?") ? json(200, { items: [], next_cursor: null }) : undefined));
    const { unmount } = renderWith(<Findings />, fakeJwt({ sub: "alice", tid: "acme", roles: ["viewer"] }));
    expect(await screen.findByText("No findings match these filters.")).toBeInTheDocument();
    unmount();
    stubFetch((url) =>
      url.startsWith("/api/v1/findings?")
        ? json(422, { type: "https://praetor.dev/problems/validation", status: 422, title: "Invalid", detail: "invalid query", errors: [{ field: "sort", message: "cannot sort findings by colour" }] }, "application/problem+json")
        : undefined,
    );
    renderWith(<Findings />, fakeJwt({ sub: "alice", tid: "acme", roles: ["viewer"] }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Could not load findings: invalid query — sort: cannot sort findings by colour");
  });
});

describe("overview trend", () => {
  it("puts the forecast band after the measured points, joined at the last one", () => {
    const rows = trendRows({
      trend: [{ date: "d1", compliance_score: 80, findings_open: 2 }, { date: "d2", compliance_score: 85, findings_open: 1 }],
      forecast: { horizon_days: 1, source: "local", points: [{ date: "d3", compliance_score: 88, low: 84, high: 92 }] },
    });
    expect(rows).toEqual([
      { date: "d1", score: 80 },
      { date: "d2", score: 85, forecast: 85, band: [85, 85] },
      { date: "d3", forecast: 88, band: [84, 92] },
    ]);
    expect(trendRows({ trend: [], forecast: { horizon_days: 7, source: "local", points: [] } })).toEqual([]);
  });
});

describe("sources", () => {
  it("lists live sources and syncs one on request, showing the counts", async () => {
    const { Sources } = await import("../Sources");
    let synced = false;
    const calls = stubFetch(
      (url) =>
        url === "/api/v1/inventory/sources"
          ? json(200, { items: [{ id: "lab", kind: "s3", endpoint: "http://s3.local", region: "us-east-1", account: "000000000000", schedule: null, path_style: true, credentials: "lab-keys", created_at: "2026-11-26T00:00:00.000Z", created_by: "root", last_sync_at: synced ? "2026-11-26T00:01:00.000Z" : null }], next_cursor: null })
          : undefined,
      (url, init) => {
        if (url !== "/api/v1/inventory/sources/lab/sync" || init.method !== "POST") return undefined;
        synced = true;
        return json(200, { snapshot_id: "s-1", received: 3, created: 2, updated: 1, deleted: 0, unchanged: 0 });
      },
    );
    renderWith(<Sources />, fakeJwt({ sub: "alice", tid: "acme", roles: ["operator"] }));
    expect(await screen.findByText("never")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Sync lab now" }));
    expect(await screen.findByTestId("sync-result")).toHaveTextContent("synced: 3 received, 2 created, 1 updated, 0 deleted");
    await waitFor(() => expect(screen.queryByText("never")).toBeNull());
    expect(calls.filter((c) => c.url === "/api/v1/inventory/sources").length).toBeGreaterThanOrEqual(2);
  });

  it("a viewer cannot sync", async () => {
    const { Sources } = await import("../Sources");
    stubFetch((url) =>
      url === "/api/v1/inventory/sources"
        ? json(200, { items: [{ id: "lab", kind: "s3", endpoint: null, region: null, account: null, schedule: "PT15M", path_style: false, credentials: null, created_at: "2026-11-26T00:00:00.000Z", created_by: "root", last_sync_at: null }], next_cursor: null })
        : undefined,
    );
    renderWith(<Sources />, fakeJwt({ sub: "v", tid: "acme", roles: ["viewer"] }));
    expect(await screen.findByRole("button", { name: "Sync lab now" })).toBeDisabled();
  });
});
