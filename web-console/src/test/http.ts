import { vi } from "vitest";

/** A Response carrying an SSE body that sends {@code chunks} and then ends (a dropped connection). */
export function sseResponse(chunks: string[]): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

/** An SSE body that stays open (the live part of a stream) after sending {@code chunks}. */
export function openSseResponse(chunks: string[]): Response {
  const enc = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
    },
  });
  return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
}

export function json(status: number, body: unknown, type = "application/json"): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": type } });
}

export type Route = (url: string, init: RequestInit) => Response | Promise<Response> | undefined;

/** Stubs fetch with routes tried in order; an unrouted request fails the test loudly. */
export function stubFetch(...routes: Route[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url;
    calls.push({ url, init });
    for (const r of routes) {
      const res = await r(url, init);
      if (res) return res;
    }
    throw new Error(`unrouted fetch ${init.method ?? "GET"} ${url}`);
  });
  vi.stubGlobal("fetch", fn);
  if (typeof window !== "undefined") window.fetch = fn as typeof fetch;
  return calls;
}

/** An unsigned JWT with these claims (the console only reads claims; the server verifies). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${b64({ alg: "ES256" })}.${b64(claims)}.sig`;
}
