import { EventStreamContentType, fetchEventSource } from "@microsoft/fetch-event-source";
import { problemFrom, ProblemError } from "./problem";

export type StreamEvent = { id: string; event: string; data: string };
export type StreamStatus = "connecting" | "live" | "reconnecting" | "closed";

export type StreamOptions = {
  token: string;
  onEvent: (e: StreamEvent) => void;
  onStatus?: (s: StreamStatus) => void;
  onFatal?: (e: Error) => void;
  signal: AbortSignal;
  method?: "GET" | "POST";
  body?: unknown;
  /** Resume after this event id (sent as Last-Event-ID on the first request too). */
  lastEventId?: string;
  retryMs?: number;
  /** Reconnect when the server ends the stream (live streams); false for one-shot streams. */
  reconnect?: boolean;
  fetch?: typeof fetch;
};

class Fatal extends Error {}

/**
 * Reads an SSE stream with fetch, so the bearer token goes in a header (never the URL).
 * After a drop it reconnects with Last-Event-ID = the last id seen, so the server replays
 * what was missed; callers de-duplicate by id.
 */
export function openStream(path: string, o: StreamOptions): Promise<void> {
  const headers: Record<string, string> = { Authorization: `Bearer ${o.token}`, Accept: EventStreamContentType };
  if (o.lastEventId) headers["last-event-id"] = o.lastEventId; // the library updates this same (lower-case) key on reconnect
  if (o.body !== undefined) headers["Content-Type"] = "application/json";
  const reconnect = o.reconnect ?? true;
  o.onStatus?.("connecting");
  return fetchEventSource(path, {
    method: o.method ?? "GET",
    headers,
    body: o.body === undefined ? undefined : JSON.stringify(o.body),
    signal: o.signal,
    openWhenHidden: true,
    fetch: o.fetch,
    async onopen(res) {
      const type = res.headers.get("content-type") ?? "";
      if (res.ok && type.startsWith(EventStreamContentType)) {
        o.onStatus?.("live");
        return;
      }
      const problem = res.ok ? new ProblemError(res.status, { title: `unexpected content type ${type}` }) : await problemFrom(res);
      // one-shot streams report any failure; a 4xx other than a rate limit will not get better by retrying
      if (!reconnect || (res.status >= 400 && res.status < 500 && res.status !== 429)) throw new Fatal(problem.message);
      throw problem;
    },
    onmessage(ev) {
      o.onEvent({ id: ev.id, event: ev.event || "message", data: ev.data });
    },
    onclose() {
      if (!reconnect) {
        o.onStatus?.("closed");
        throw new Fatal("closed");
      }
      o.onStatus?.("reconnecting");
      throw new Error("stream ended; reconnecting");
    },
    onerror(err) {
      if (err instanceof Fatal) throw err;
      o.onStatus?.("reconnecting");
      return o.retryMs ?? 1000;
    },
  }).catch((err: unknown) => {
    if (o.signal.aborted) return;
    if (err instanceof Fatal && err.message === "closed") return;
    o.onStatus?.("closed");
    o.onFatal?.(err instanceof Error ? err : new Error(String(err)));
  });
}

/** Merges events into a timeline ordered by seq, dropping replays of seqs already held. */
export function mergeBySeq<T extends { seq: number }>(held: readonly T[], incoming: readonly T[]): T[] {
  const bySeq = new Map<number, T>();
  for (const e of held) bySeq.set(e.seq, e);
  for (const e of incoming) if (!bySeq.has(e.seq)) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}
