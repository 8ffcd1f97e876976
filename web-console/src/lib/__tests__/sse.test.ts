import { describe, expect, it } from "vitest";
import { json, openSseResponse, sseResponse } from "@/test/http";
import { openStream, type StreamEvent, type StreamStatus } from "../sse";

const ev = (seq: number, state: string) => `id: ${seq}\nevent: action.${state}\ndata: {"seq":${seq},"state":"${state}"}\n\n`;

describe("openStream", () => {
  it("sends the bearer token in a header and resumes after a drop with Last-Event-ID", async () => {
    const requests: { url: string; headers: Record<string, string> }[] = [];
    const responses = [() => sseResponse([ev(1, "queued"), ev(2, "preflight")]), () => openSseResponse([ev(3, "planned")])];
    const abort = new AbortController();
    const events: StreamEvent[] = [];
    const statuses: StreamStatus[] = [];
    const done = openStream("/api/v1/actions/a-1/events", {
      token: "tok",
      signal: abort.signal,
      retryMs: 5,
      onStatus: (s) => statuses.push(s),
      onEvent: (e) => {
        events.push(e);
        if (events.length === 3) abort.abort();
      },
      fetch: async (url, init) => {
        requests.push({ url: String(url), headers: { ...(init?.headers as Record<string, string>) } });
        const next = responses.shift();
        if (!next) throw new Error("no more responses");
        return next();
      },
    });
    await done;
    expect(events.map((e) => e.id)).toEqual(["1", "2", "3"]);
    expect(events[2]?.event).toBe("action.planned");
    expect(requests).toHaveLength(2);
    expect(requests[0]?.url).toBe("/api/v1/actions/a-1/events");
    expect(requests[0]?.headers.Authorization).toBe("Bearer tok");
    expect(requests[0]?.headers["last-event-id"]).toBeUndefined();
    expect(requests[1]?.headers["last-event-id"]).toBe("2");
    expect(statuses).toContain("reconnecting");
    expect(requests.every((r) => !r.url.includes("tok"))).toBe(true);
  });

  it("stops on a 4xx problem and reports it readably", async () => {
    let fatal: Error | null = null;
    let calls = 0;
    await openStream("/api/v1/events", {
      token: "expired",
      signal: new AbortController().signal,
      retryMs: 5,
      onEvent: () => undefined,
      onFatal: (e) => (fatal = e),
      fetch: async () => {
        calls++;
        return json(401, { type: "https://praetor.dev/problems/unauthorized", title: "Unauthorized", status: 401, detail: "the token has expired" }, "application/problem+json");
      },
    });
    expect(calls).toBe(1);
    expect(fatal).not.toBeNull();
    expect((fatal as unknown as Error).message).toBe("the token has expired");
  });

  it("one-shot streams (the assistant) end without reconnecting", async () => {
    let calls = 0;
    const got: string[] = [];
    await openStream("/api/v1/assistant/chat", {
      token: "t",
      method: "POST",
      body: { messages: [] },
      reconnect: false,
      signal: new AbortController().signal,
      onEvent: (e) => got.push(e.event),
      fetch: async () => {
        calls++;
        return sseResponse(['event: token\ndata: {"text":"hi"}\n\n', 'event: done\ndata: {"reply":"hi"}\n\n']);
      },
    });
    expect(calls).toBe(1);
    expect(got).toEqual(["token", "done"]);
  });

  it("a one-shot stream reports a server error instead of retrying it", async () => {
    let calls = 0;
    let fatal: Error | null = null;
    await openStream("/api/v1/assistant/chat", {
      token: "t",
      method: "POST",
      body: { messages: [] },
      reconnect: false,
      retryMs: 5,
      signal: new AbortController().signal,
      onEvent: () => undefined,
      onFatal: (e) => (fatal = e),
      fetch: async () => {
        calls++;
        return json(503, { type: "https://praetor.dev/problems/dependency-unavailable", status: 503, title: "Unavailable", detail: "the AI service is not available" }, "application/problem+json");
      },
    });
    expect(calls).toBe(1);
    expect((fatal as unknown as Error).message).toBe("the AI service is not available");
  });
});
