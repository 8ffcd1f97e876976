"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useSession } from "@/lib/auth";
import { hasRole } from "@/lib/jwt";
import type { InventorySource, Page, SyncCounts } from "@/lib/types";
import { Empty, ErrorBox, Loading, formatTime } from "./common";

/** Live inventory sources (e.g. s3-live): what is registered, when it last synced, and "sync now". */
export function Sources() {
  const { call, principal } = useSession();
  const queries = useQueryClient();
  const sources = useQuery({ queryKey: ["sources"], queryFn: () => call<Page<InventorySource>>("/inventory/sources") });
  const [results, setResults] = useState<Record<string, SyncCounts>>({});
  const sync = useMutation({
    mutationFn: (id: string) => call<SyncCounts>(`/inventory/sources/${encodeURIComponent(id)}/sync`, { method: "POST", body: {} }),
    onSuccess: (counts, id) => {
      setResults((r) => ({ ...r, [id]: counts }));
      void queries.invalidateQueries({ queryKey: ["sources"] });
    },
  });
  return (
    <main id="main">
      <h1>Inventory sources</h1>
      <p className="muted">Live sources read a cloud account directly; each sync is a full snapshot of its scope. Files are imported through the API or CLI.</p>
      <section className="card">
        <ErrorBox error={sources.error} title="Could not load the sources" />
        <ErrorBox error={sync.error} title="Sync failed" />
        {sources.isPending ? <Loading label="Loading sources" /> : null}
        {sources.data && sources.data.items.length === 0 ? <Empty>No live source is registered (POST /api/v1/inventory/sources).</Empty> : null}
        {sources.data && sources.data.items.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead>
                <tr><th>Source</th><th>Kind</th><th className="hide-sm">Endpoint</th><th>Account</th><th className="hide-sm">Schedule</th><th>Last sync</th><th><span className="skip">Actions</span></th></tr>
              </thead>
              <tbody>
                {sources.data.items.map((s) => (
                  <tr key={s.id} data-testid="source-row">
                    <td>
                      <strong>{s.id}</strong>
                      {results[s.id] ? (
                        <div className="ok" role="status" data-testid="sync-result">
                          synced: {results[s.id]?.received} received, {results[s.id]?.created} created, {results[s.id]?.updated} updated, {results[s.id]?.deleted} deleted
                        </div>
                      ) : null}
                    </td>
                    <td>{s.kind}</td>
                    <td className="hide-sm mono">{s.endpoint ?? "AWS"}</td>
                    <td>{s.account ? <Link href={`/findings?account=${encodeURIComponent(s.account)}`}>{s.account}</Link> : "—"}</td>
                    <td className="hide-sm">{s.schedule ?? "manual"}</td>
                    <td>{s.last_sync_at ? formatTime(s.last_sync_at) : "never"}</td>
                    <td>
                      <button
                        onClick={() => sync.mutate(s.id)}
                        disabled={!hasRole(principal, "operator") || (sync.isPending && sync.variables === s.id)}
                        aria-label={`Sync ${s.id} now`}
                      >
                        {sync.isPending && sync.variables === s.id ? "Syncing…" : "Sync now"}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </main>
  );
}
