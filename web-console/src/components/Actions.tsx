"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useSession } from "@/lib/auth";
import { withFilter } from "@/lib/filters";
import type { Action, Page } from "@/lib/types";
import { ActionDrawer } from "./ActionDrawer";
import { Empty, ErrorBox, Loading, ResourceLink, StateBadge, formatTime } from "./common";

const STATES = ["", "queued", "preflight", "planned", "approved", "in_progress", "verifying", "completed", "rolled_back", "failed", "cancelled"];

export function Actions() {
  const { call } = useSession();
  const search = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const state = search.get("state") ?? "";
  const selected = search.get("id");
  const actions = useQuery({
    queryKey: ["actions", "list", state],
    queryFn: () => call<Page<Action>>(`/actions?limit=100${state ? `&state=${state}` : ""}`),
  });
  const go = (key: string, value: string | null) => router.replace(`${path}${withFilter(search, key, value)}`, { scroll: false });
  return (
    <main id="main">
      <h1>Actions</h1>
      <label>
        State
        <select aria-label="State" value={state} onChange={(e) => go("state", e.target.value || null)}>
          {STATES.map((s) => <option key={s} value={s}>{s || "any"}</option>)}
        </select>
      </label>
      <section className="card" style={{ marginTop: 12 }}>
        <ErrorBox error={actions.error} title="Could not load actions" />
        {actions.isPending ? <Loading label="Loading actions" /> : null}
        {actions.data && actions.data.items.length === 0 ? <Empty>No actions{state ? ` in state ${state}` : ""}.</Empty> : null}
        {actions.data && actions.data.items.length > 0 ? (
          <div className="table-wrap">
            <table>
              <thead><tr><th>Handler</th><th>State</th><th>Resource</th><th className="hide-sm">Requested by</th><th className="hide-sm">Updated</th></tr></thead>
              <tbody>
                {actions.data.items.map((a) => (
                  <tr key={a.id}>
                    <td><button className="link-like" onClick={() => go("id", a.id)}>{a.handler}</button></td>
                    <td><StateBadge state={a.state} /></td>
                    <td><ResourceLink id={a.resource_id} resourceKey={a.resource_key} /></td>
                    <td className="hide-sm">{a.requested_by}</td>
                    <td className="hide-sm">{formatTime(a.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {selected ? <ActionDrawer key={selected} actionId={selected} onClose={() => go("id", null)} /> : null}
    </main>
  );
}
