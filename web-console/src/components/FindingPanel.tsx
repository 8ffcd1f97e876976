"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef } from "react";
import { useSession } from "@/lib/auth";
import { hasRole } from "@/lib/jwt";
import type { Action, Finding } from "@/lib/types";
import { Drawer } from "./Drawer";
import { ErrorBox, Loading, PolicyLink, ResourceLink, SeverityBadge, formatTime } from "./common";

export function FindingPanel({ findingId, onClose, onAction }: { findingId: string; onClose: () => void; onAction: (id: string) => void }) {
  const { call, principal } = useSession();
  const finding = useQuery({ queryKey: ["finding", findingId], queryFn: () => call<Finding>(`/findings/${encodeURIComponent(findingId)}`) });
  // one key per panel opening: a double click or a retry does not create a second action
  const idempotencyKey = useRef(crypto.randomUUID());
  const dryRun = useMutation({
    mutationFn: () =>
      call<Action>("/actions", {
        method: "POST",
        body: { finding_id: findingId, dry_run: true, reason: "requested from the console" },
        headers: { "Idempotency-Key": idempotencyKey.current },
      }),
    onSuccess: (a) => onAction(a.id),
  });
  const f = finding.data;
  return (
    <Drawer title="Finding" onClose={onClose}>
      {finding.isPending ? <Loading label="Loading the finding" /> : null}
      <ErrorBox error={finding.error} title="Could not load the finding" />
      {f ? (
        <div className="stack">
          <h2 data-testid="finding-title">{f.title}</h2>
          <p className="row">
            <SeverityBadge severity={f.severity} /> <span className="badge" data-testid="finding-status">{f.status}</span>
            <span className="muted">risk {f.risk_score}</span>
          </p>
          <p>{f.message}</p>
          <table>
            <tbody>
              <tr><th scope="row">Resource</th><td><ResourceLink id={f.resource_id} resourceKey={f.resource_key} /> <span className="muted">{f.resource_type}</span></td></tr>
              <tr><th scope="row">Policy</th><td><PolicyLink id={f.policy_id} /></td></tr>
              <tr><th scope="row">Account</th><td>{f.account || "—"}</td></tr>
              <tr><th scope="row">First seen</th><td>{formatTime(f.first_seen)}</td></tr>
              <tr><th scope="row">Last seen</th><td>{formatTime(f.last_seen)}</td></tr>
              {f.resolved_at ? <tr><th scope="row">Resolved</th><td>{formatTime(f.resolved_at)}</td></tr> : null}
            </tbody>
          </table>
          {f.action_ids.length > 0 ? (
            <div>
              <h3>Actions</h3>
              <ul>
                {f.action_ids.map((id) => (
                  <li key={id}><Link href={`/actions?id=${encodeURIComponent(id)}`}>{id}</Link></li>
                ))}
              </ul>
            </div>
          ) : null}
          {f.status === "open" ? (
            hasRole(principal, "operator") ? (
              <button className="primary" onClick={() => dryRun.mutate()} disabled={dryRun.isPending}>
                {dryRun.isPending ? "Requesting…" : "Request a dry-run of the fix"}
              </button>
            ) : (
              <p className="muted">Requesting a fix needs the operator role.</p>
            )
          ) : null}
          <ErrorBox error={dryRun.error} title="Could not request the dry-run" />
        </div>
      ) : null}
    </Drawer>
  );
}
