"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import type { Severity } from "@/lib/types";

export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div className="alert" role="alert">
      {title ? <strong>{title}: </strong> : null}
      {message}
    </div>
  );
}

export function Loading({ label = "Loading" }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="stack">
      <span className="muted">{label}…</span>
      <div className="skeleton" style={{ width: "60%" }} />
      <div className="skeleton" style={{ width: "40%" }} />
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function SeverityBadge({ severity }: { severity: Severity | string }) {
  return <span className={`badge sev-${severity}`}>{severity}</span>;
}

export function StateBadge({ state }: { state: string }) {
  return (
    <span className={`badge state-${state}`} data-testid="action-state">
      {state.replace("_", " ")}
    </span>
  );
}

export function ResourceLink({ id, resourceKey }: { id: string; resourceKey: string }) {
  return (
    <Link href={`/resource?key=${encodeURIComponent(resourceKey)}`} title={id}>
      {shortId(id)}
    </Link>
  );
}

export function PolicyLink({ id }: { id: string }) {
  return <Link href={`/policy?id=${encodeURIComponent(id)}`}>{id}</Link>;
}

/** The readable tail of a native id (ARNs and cloud ids are long). */
export function shortId(id: string): string {
  const tail = id.split(/[/:]/).filter(Boolean).pop() ?? id;
  return tail.length > 0 ? tail : id;
}

export function formatTime(t: string | null | undefined): string {
  if (!t) return "—";
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? t : d.toLocaleString();
}
