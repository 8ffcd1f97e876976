"use client";

import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { API } from "@/lib/api";
import { openStream, type StreamStatus } from "@/lib/sse";

type Live = { status: StreamStatus; lastEvent: string | null };
const LiveContext = createContext<Live>({ status: "closed", lastEvent: null });

/**
 * One stream of the tenant's events (GET /events) for the whole console: each event marks the
 * queries it affects as stale, so open views refresh themselves. Bursts are coalesced.
 */
export function TenantEvents({ token, children }: { token: string; children: ReactNode }) {
  const queries = useQueryClient();
  const [live, setLive] = useState<Live>({ status: "connecting", lastEvent: null });
  const pending = useRef<Set<string>>(new Set());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    const flush = () => {
      timer.current = null;
      for (const key of pending.current) void queries.invalidateQueries({ queryKey: [key] });
      pending.current.clear();
    };
    void openStream(`${API}/events`, {
      token,
      signal: abort.signal,
      onStatus: (status) => setLive((l) => ({ ...l, status })),
      onEvent: (e) => {
        const kind = e.event.split(".")[0] ?? "";
        const keys = kind === "resource" ? ["resources", "resource", "metrics", "findings"]
          : kind === "finding" ? ["findings", "finding", "metrics", "resource", "policy"]
          : kind === "action" ? ["actions", "action", "metrics", "findings", "finding"]
          : ["metrics"];
        keys.forEach((k) => pending.current.add(k));
        setLive((l) => ({ ...l, lastEvent: e.event }));
        if (!timer.current) timer.current = setTimeout(flush, 300);
      },
    });
    return () => {
      abort.abort();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [token, queries]);

  return <LiveContext.Provider value={live}>{children}</LiveContext.Provider>;
}

export function useLive(): Live {
  return useContext(LiveContext);
}

export function LiveIndicator() {
  const { status } = useLive();
  const label = status === "live" ? "Live" : status === "reconnecting" ? "Reconnecting" : status === "connecting" ? "Connecting" : "Offline";
  return (
    <span className="muted" role="status" aria-live="polite" data-testid="live-status">
      <span className={`live-dot ${status}`} aria-hidden="true" />
      {label}
    </span>
  );
}
