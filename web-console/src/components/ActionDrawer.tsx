"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import ReactDiffViewer from "react-diff-viewer-continued";
import { API, rawFetch } from "@/lib/api";
import { useSession } from "@/lib/auth";
import { hasRole } from "@/lib/jwt";
import { CANCELLABLE, FINAL_STATES, LIFECYCLE, planSides, stableJson } from "@/lib/plan";
import { mergeBySeq, openStream, type StreamStatus } from "@/lib/sse";
import type { Action, ActionEvent, BundleVerification, Elevation, Page } from "@/lib/types";
import { Drawer } from "./Drawer";
import { ErrorBox, Loading, PolicyLink, ResourceLink, StateBadge, formatTime } from "./common";

/** The action's events from its SSE stream, resumed with Last-Event-ID after a drop (mount one per action: key it by id). */
export function useActionTimeline(actionId: string, token: string, onEvent: () => void) {
  const [events, setEvents] = useState<ActionEvent[]>([]);
  const [status, setStatus] = useState<StreamStatus>("connecting");
  const [fatal, setFatal] = useState<Error | null>(null);
  useEffect(() => {
    const abort = new AbortController();
    void openStream(`${API}/actions/${encodeURIComponent(actionId)}/events`, {
      token,
      signal: abort.signal,
      onStatus: setStatus,
      onFatal: setFatal,
      onEvent: (e) => {
        if (!e.data) return;
        const ev = JSON.parse(e.data) as ActionEvent;
        setEvents((held) => mergeBySeq(held, [ev]));
        onEvent();
      },
    });
    return () => abort.abort();
    // onEvent is a fresh closure each render; the stream follows the action and token only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [actionId, token]);
  return { events, status, fatal };
}

async function download(path: string, token: string, name: string) {
  const res = await rawFetch(path, { token, headers: { Accept: "*/*" } });
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function isDark(): boolean {
  return typeof document !== "undefined" && document.documentElement.dataset.theme === "dark";
}

export function ActionDrawer({ actionId, onClose }: { actionId: string; onClose: () => void }) {
  const { call, token, principal } = useSession();
  const queries = useQueryClient();
  const key = ["action", actionId];
  const action = useQuery({ queryKey: key, queryFn: () => call<Action>(`/actions/${encodeURIComponent(actionId)}`) });
  const timeline = useActionTimeline(actionId, token, () => void queries.invalidateQueries({ queryKey: key }));
  const a = action.data;
  const final = a ? FINAL_STATES.has(a.state) : false;
  const destructive = a?.plan?.destructive ?? false;

  const elevations = useQuery({
    queryKey: ["elevations", principal.sub, actionId],
    queryFn: () => call<Page<Elevation>>("/elevations"),
    enabled: destructive,
  });
  const myElevation = elevations.data?.items.find(
    (e) => e.principal === principal.sub && (e.action_id === null || e.action_id === actionId) && (e.state === "active" || e.state === "pending"),
  );
  const verify = useQuery({
    queryKey: ["action", actionId, "bundle-verify", a?.state],
    queryFn: () => call<BundleVerification>(`/actions/${encodeURIComponent(actionId)}/bundle/verify`),
    enabled: final,
    // the last transition is anchored in the ledger a moment after it commits
    refetchInterval: (q) => (q.state.data && !q.state.data.ok ? 1000 : false),
  });

  const command = useMutation({
    mutationFn: ({ verb, body }: { verb: string; body?: unknown }) =>
      call<Action>(`/actions/${encodeURIComponent(actionId)}/${verb}`, { method: "POST", body: body ?? {}, headers: { "Idempotency-Key": crypto.randomUUID() } }),
    onSuccess: (next) => {
      queries.setQueryData(key, next);
      void queries.invalidateQueries({ queryKey: ["actions"] });
    },
  });
  const elevate = useMutation({
    mutationFn: () => call<Elevation>("/elevations", { method: "POST", body: { reason: `destructive plan of action ${actionId}`, duration_minutes: 30, action_id: actionId } }),
    onSuccess: () => void elevations.refetch(),
  });
  const [comment, setComment] = useState("");
  const [downloadError, setDownloadError] = useState<unknown>(null);

  const isRequester = a?.requested_by === principal.sub;
  const canApprove = hasRole(principal, "approver") && !isRequester && (!destructive || myElevation?.state === "active");
  const reached = new Set(timeline.events.map((e) => e.state));
  const sides = a?.plan ? planSides(a.plan) : null;

  return (
    <Drawer title="Action" onClose={onClose}>
      {action.isPending ? <Loading label="Loading the action" /> : null}
      <ErrorBox error={action.error} title="Could not load the action" />
      {a ? (
        <div className="stack">
          <h2>
            {a.handler} <StateBadge state={a.state} />
          </h2>
          <p className="muted">
            on <ResourceLink id={a.resource_id} resourceKey={a.resource_key} />
            {a.policy_id ? <> · policy <PolicyLink id={a.policy_id} /></> : null} · requested by <strong>{a.requested_by}</strong> {formatTime(a.created_at)}
            {a.dry_run ? " · dry-run (waits for a person to run it)" : " · runs by itself once approved"}
          </p>
          <ol className="steps" aria-label="Lifecycle">
            {LIFECYCLE.map((s) => (
              <li key={s} className={reached.has(s) ? "reached" : ""} aria-current={a.state === s ? "step" : undefined}>
                {s.replace("_", " ")}
              </li>
            ))}
          </ol>

          <section className="card" aria-labelledby="plan-title">
            <h3 id="plan-title">Plan</h3>
            {a.plan ? (
              <>
                <p data-testid="plan-summary">{a.plan.summary}</p>
                {a.plan.destructive ? <p className="alert">Destructive: approving and running it need an active elevation.</p> : null}
                {a.plan.diff.length === 0 ? (
                  <p className="muted" data-testid="plan-no-diff">This plan does not change the resource.</p>
                ) : null}
                {sides && a.plan.diff.length > 0 ? (
                  <div data-testid="plan-diff" style={{ fontSize: "0.8rem", overflowX: "auto" }}>
                    <ReactDiffViewer
                      oldValue={stableJson(sides.before)}
                      newValue={stableJson(sides.after)}
                      splitView
                      leftTitle="Before"
                      rightTitle="After"
                      useDarkTheme={isDark()}
                    />
                  </div>
                ) : null}
                {a.plan.diff.length > 0 ? (
                  <details open={!sides}>
                    <summary>JSON-Patch operations ({a.plan.diff.length})</summary>
                    <pre className="code mono">{JSON.stringify(a.plan.diff, null, 2)}</pre>
                  </details>
                ) : null}
                {a.plan.details && Object.keys(a.plan.details).length > 0 ? (
                  <details>
                    <summary>Handler details</summary>
                    <pre className="code mono">{JSON.stringify(a.plan.details, null, 2)}</pre>
                  </details>
                ) : null}
              </>
            ) : (
              <p className="muted">Planning… the plan appears here once preflight passes.</p>
            )}
          </section>

          <section className="card" aria-labelledby="do-title">
            <h3 id="do-title">Decide</h3>
            {a.approvals.length > 0 ? (
              <ul>
                {a.approvals.map((ap) => (
                  <li key={ap.by + ap.at}>Approved by <strong>{ap.by}</strong> {formatTime(ap.at)}{ap.comment ? ` — ${ap.comment}` : ""}</li>
                ))}
              </ul>
            ) : null}
            {a.state === "planned" ? (
              <div className="column">
                <label>
                  Approval comment
                  <input value={comment} onChange={(e) => setComment(e.target.value)} />
                </label>
                {destructive && hasRole(principal, "approver") && !isRequester && myElevation?.state !== "active" ? (
                  myElevation?.state === "pending" ? (
                    <p className="notice">Elevation requested; waiting for an admin to approve it.</p>
                  ) : (
                    <button onClick={() => elevate.mutate()} disabled={elevate.isPending}>Request elevation (30 min) to approve</button>
                  )
                ) : null}
                <button
                  className="primary"
                  disabled={!canApprove || command.isPending}
                  onClick={() => command.mutate({ verb: "approve", body: { comment } })}
                  aria-describedby="approve-why"
                >
                  Approve
                </button>
                <span id="approve-why" className="muted">
                  {isRequester ? "You requested this action; another person must approve it."
                    : !hasRole(principal, "approver") ? "Approving needs the approver role."
                    : destructive && myElevation?.state !== "active" ? "A destructive plan needs an active elevation." : ""}
                </span>
              </div>
            ) : null}
            <div className="row">
              {a.state === "approved" ? (
                <button className="primary" disabled={!hasRole(principal, "operator") || command.isPending} onClick={() => command.mutate({ verb: "run" })}>
                  Run
                </button>
              ) : null}
              {CANCELLABLE.has(a.state) ? (
                <button className="danger" disabled={!hasRole(principal, "operator") || command.isPending} onClick={() => command.mutate({ verb: "cancel" })}>
                  Cancel
                </button>
              ) : null}
              {a.state === "completed" ? (
                <button disabled={!hasRole(principal, "approver") || command.isPending} onClick={() => command.mutate({ verb: "rollback" })}>
                  Roll back
                </button>
              ) : null}
            </div>
            <ErrorBox error={command.error} title="The server refused" />
            <ErrorBox error={elevate.error} title="Could not request elevation" />
            {a.result ? (
              <p data-testid="action-result">
                {a.result.message}
                {a.result.error ? <span className="bad"> — {a.result.error}</span> : null}
              </p>
            ) : null}
          </section>

          <section className="card" aria-labelledby="tl-title">
            <h3 id="tl-title">
              Timeline{" "}
              <span className="muted" style={{ fontWeight: 400 }} data-testid="timeline-status">
                <span className={`live-dot ${timeline.status}`} aria-hidden="true" />
                {timeline.status}
              </span>
            </h3>
            <ErrorBox error={timeline.fatal} title="The event stream stopped" />
            <ol className="timeline" aria-live="polite" data-testid="timeline">
              {timeline.events.map((e) => (
                <li key={e.seq} className={FINAL_STATES.has(e.state) || e.state === "planned" ? "done" : ""} data-state={e.state}>
                  <strong>{e.type}</strong> <span className="muted">#{e.seq} · {formatTime(e.at)}</span>
                  {e.message ? <div>{e.message}</div> : null}
                </li>
              ))}
            </ol>
          </section>

          <section className="card" aria-labelledby="ev-title">
            <h3 id="ev-title">Evidence</h3>
            {a.evidence.length === 0 ? <p className="muted">No evidence yet.</p> : (
              <ul>
                {a.evidence.map((e) => (
                  <li key={e.sha256}>
                    <button className="link-like" onClick={() => download(`${API}/evidence/${e.sha256}`, token, e.name).catch(setDownloadError)}>
                      {e.name}
                    </button>{" "}
                    <span className="muted mono">{e.media_type} · {e.sha256.slice(0, 12)}…</span>
                  </li>
                ))}
              </ul>
            )}
            <div className="row">
              <button onClick={() => download(`${API}/actions/${encodeURIComponent(actionId)}/bundle`, token, `praetor-action-${actionId}.zip`).catch(setDownloadError)}>
                Download evidence bundle
              </button>
              {final ? (
                verify.isPending ? <span className="muted">Verifying the bundle…</span>
                  : verify.error ? <ErrorBox error={verify.error} title="Bundle verification failed" />
                  : verify.data?.ok ? <span className="ok" data-testid="bundle-status">✔ Bundle verified (manifest, blobs, ledger proofs, signed tree head)</span>
                  : <span className="bad" data-testid="bundle-status">✘ Bundle does not verify: {verify.data?.problems.join("; ")}</span>
              ) : <span className="muted">The bundle is verified once the action reaches a final state.</span>}
            </div>
            <ErrorBox error={downloadError} title="Download failed" />
            <p><Link href={`/actions?id=${encodeURIComponent(actionId)}`}>Link to this action</Link></p>
          </section>
        </div>
      ) : null}
    </Drawer>
  );
}
