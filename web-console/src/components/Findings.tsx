"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useSession } from "@/lib/auth";
import { filtersFromSearch, findingsQuery, withFilter } from "@/lib/filters";
import { SEVERITIES, type Finding, type Page } from "@/lib/types";
import { ActionDrawer } from "./ActionDrawer";
import { Empty, ErrorBox, Loading, PolicyLink, ResourceLink, SeverityBadge, formatTime } from "./common";
import { FindingPanel } from "./FindingPanel";

const TEXT_FILTERS = [
  { key: "framework", label: "Framework" },
  { key: "policy_id", label: "Policy" },
  { key: "resource_type", label: "Resource type" },
  { key: "account", label: "Account" },
  { key: "tag", label: "Tag (KEY=VALUE)" },
] as const;

export function Findings() {
  const { call } = useSession();
  const search = useSearchParams();
  const router = useRouter();
  const path = usePathname();
  const filters = filtersFromSearch(search);
  const [previous, setPrevious] = useState<string[]>([]);
  const query = findingsQuery(filters);
  const findings = useQuery({
    queryKey: ["findings", query],
    queryFn: () => call<Page<Finding>>(`/findings${query}`),
    placeholderData: keepPreviousData,
  });
  const go = (key: string, value: string | null) => router.replace(`${path}${withFilter(search, key, value)}`, { scroll: false });

  function applyText(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const next = new URLSearchParams(search);
    for (const f of TEXT_FILTERS) {
      const v = String(data.get(f.key) ?? "").trim();
      if (v) next.set(f.key, v);
      else next.delete(f.key);
    }
    next.delete("cursor");
    setPrevious([]);
    router.replace(`${path}?${next.toString()}`, { scroll: false });
  }

  const selected = search.get("finding");
  const action = search.get("action");

  return (
    <main id="main">
      <h1>Findings</h1>
      <section className="card" aria-label="Filters">
        <div className="row">
          <label>
            Status
            <select aria-label="Status" value={filters.status ?? "open"} onChange={(e) => go("status", e.target.value)}>
              <option value="open">open</option>
              <option value="resolved">resolved</option>
              <option value="exempted">exempted</option>
            </select>
          </label>
          <label>
            Severity
            <select aria-label="Severity" value={filters.severity ?? ""} onChange={(e) => go("severity", e.target.value || null)}>
              <option value="">any</option>
              {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
          <label>
            Sort
            <select aria-label="Sort" value={filters.sort ?? "-risk_score"} onChange={(e) => go("sort", e.target.value)}>
              <option value="-risk_score">risk (highest first)</option>
              <option value="risk_score">risk (lowest first)</option>
              <option value="-severity">severity (most severe first)</option>
              <option value="-last_seen">last seen (newest first)</option>
              <option value="-first_seen">first seen (newest first)</option>
              <option value="first_seen">first seen (oldest first)</option>
            </select>
          </label>
        </div>
        <form className="row" onSubmit={applyText} key={search.toString()} style={{ marginTop: 10 }}>
          {TEXT_FILTERS.map((f) => (
            <label key={f.key}>
              {f.label}
              <input name={f.key} defaultValue={filters[f.key] ?? ""} />
            </label>
          ))}
          <button type="submit">Apply filters</button>
        </form>
      </section>
      <section className="card" style={{ marginTop: 16 }} aria-label="Findings">
        <ErrorBox error={findings.error} title="Could not load findings" />
        {findings.isPending ? <Loading label="Loading findings" /> : null}
        {findings.data && findings.data.items.length === 0 ? <Empty>No findings match these filters.</Empty> : null}
        {findings.data && findings.data.items.length > 0 ? (
          <div className="table-wrap">
            <table aria-busy={findings.isFetching}>
              <thead>
                <tr>
                  <th>Severity</th>
                  <th>Finding</th>
                  <th>Resource</th>
                  <th className="hide-sm">Policy</th>
                  <th className="hide-sm">Account</th>
                  <th className="hide-sm">Risk</th>
                  <th className="hide-sm">Last seen</th>
                </tr>
              </thead>
              <tbody>
                {findings.data.items.map((f) => (
                  <tr key={f.id} data-testid="finding-row">
                    <td><SeverityBadge severity={f.severity} /></td>
                    <td>
                      <button className="link-like" onClick={() => go("finding", f.id)} aria-label={`Open finding: ${f.title}`}>
                        {f.title}
                      </button>
                      <div className="muted">{f.status}</div>
                    </td>
                    <td><ResourceLink id={f.resource_id} resourceKey={f.resource_key} /><div className="muted">{f.resource_type}</div></td>
                    <td className="hide-sm"><PolicyLink id={f.policy_id} /></td>
                    <td className="hide-sm">{f.account || "—"}</td>
                    <td className="hide-sm">{f.risk_score}</td>
                    <td className="hide-sm">{formatTime(f.last_seen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <nav className="row" aria-label="Pages" style={{ marginTop: 10 }}>
          <button
            disabled={previous.length === 0}
            onClick={() => {
              const prev = previous[previous.length - 1] ?? "";
              setPrevious((p) => p.slice(0, -1));
              go("cursor", prev || null);
            }}
          >
            Previous page
          </button>
          <button
            disabled={!findings.data?.next_cursor}
            onClick={() => {
              setPrevious((p) => [...p, filters.cursor ?? ""]);
              go("cursor", findings.data?.next_cursor ?? null);
            }}
          >
            Next page
          </button>
        </nav>
      </section>
      {selected && !action ? <FindingPanel key={selected} findingId={selected} onClose={() => go("finding", null)} onAction={(id) => go("action", id)} /> : null}
      {action ? <ActionDrawer key={action} actionId={action} onClose={() => go("action", null)} /> : null}
    </main>
  );
}
