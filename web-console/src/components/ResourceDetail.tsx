"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { JsonView, allExpanded, collapseAllNested, defaultStyles } from "react-json-view-lite";
import "react-json-view-lite/dist/index.css";
import { useState } from "react";
import { useSession } from "@/lib/auth";
import type { Action, Finding, Page, Resource } from "@/lib/types";
import { Empty, ErrorBox, Loading, PolicyLink, SeverityBadge, StateBadge, formatTime } from "./common";

// the library's colours, re-pointed at the console's theme variables (contrast checked in light and dark)
const jsonStyles = {
  ...defaultStyles,
  container: "jv-container",
  label: "jv-label",
  clickableLabel: `${defaultStyles.clickableLabel} jv-label`,
  nullValue: "jv-null",
  undefinedValue: "jv-null",
  stringValue: "jv-string",
  numberValue: "jv-number",
  booleanValue: "jv-boolean",
  otherValue: "jv-other",
  punctuation: "jv-punct",
};

export function ResourceDetail() {
  const { call } = useSession();
  const key = useSearchParams().get("key") ?? "";
  const [expanded, setExpanded] = useState(false);
  const resource = useQuery({
    queryKey: ["resource", key],
    queryFn: () => call<{ resource: Resource; findings: Finding[] }>(`/resources/${encodeURIComponent(key)}`),
    enabled: key !== "",
  });
  const id = resource.data?.resource.id;
  const actions = useQuery({
    queryKey: ["actions", "resource", id],
    queryFn: () => call<Page<Action>>(`/actions?resource_id=${encodeURIComponent(id ?? "")}&limit=100`),
    enabled: !!id,
  });
  if (!key) return <main id="main"><h1>Resource</h1><Empty>No resource selected.</Empty></main>;
  if (resource.isPending) return <main id="main"><h1>Resource</h1><Loading label="Loading the resource" /></main>;
  if (resource.error) return <main id="main"><h1>Resource</h1><ErrorBox error={resource.error} title="Could not load the resource" /></main>;
  const { resource: r, findings } = resource.data;
  return (
    <main id="main">
      <h1 style={{ wordBreak: "break-all" }}>{r.name || r.id}</h1>
      <p className="muted" style={{ wordBreak: "break-all" }}>{r.id}</p>
      <div className="grid">
        <section className="card" aria-labelledby="env-title">
          <h2 id="env-title">Envelope</h2>
          <table>
            <tbody>
              <tr><th scope="row">Type</th><td>{r.type}</td></tr>
              <tr><th scope="row">Provider</th><td>{r.provider}</td></tr>
              <tr><th scope="row">Account</th><td>{r.account || "—"}</td></tr>
              <tr><th scope="row">Region</th><td>{r.region || "—"}</td></tr>
              <tr><th scope="row">Source</th><td>{r.source}</td></tr>
              <tr><th scope="row">Observed</th><td>{formatTime(r.observed_at)}</td></tr>
              <tr><th scope="row">Version</th><td>{r.version}</td></tr>
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="tags-title">
          <h2 id="tags-title">Tags</h2>
          {Object.keys(r.tags).length === 0 ? <Empty>No tags.</Empty> : (
            <table>
              <tbody>
                {Object.entries(r.tags).map(([k, v]) => (
                  <tr key={k}>
                    <th scope="row"><Link href={`/findings?tag=${encodeURIComponent(`${k}=${v}`)}`}>{k}</Link></th>
                    <td>{v}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card wide" aria-labelledby="find-title">
          <h2 id="find-title">Open findings</h2>
          {findings.length === 0 ? <Empty>This resource passes every policy that applies to it.</Empty> : (
            <ul data-testid="resource-findings">
              {findings.map((f) => (
                <li key={f.id}>
                  <SeverityBadge severity={f.severity} />{" "}
                  <Link href={`/findings?policy_id=${encodeURIComponent(f.policy_id)}&finding=${encodeURIComponent(f.id)}`}>{f.title}</Link>{" "}
                  (<PolicyLink id={f.policy_id} />)
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card wide" aria-labelledby="props-title">
          <div className="row" style={{ justifyContent: "space-between" }}>
            <h2 id="props-title">Properties</h2>
            <button onClick={() => setExpanded((e) => !e)} aria-pressed={expanded}>{expanded ? "Collapse all" : "Expand all"}</button>
          </div>
          <div className="json-tree" data-testid="properties-tree">
            <JsonView key={String(expanded)} data={r.properties} shouldExpandNode={expanded ? allExpanded : collapseAllNested} style={jsonStyles} />
          </div>
        </section>
        <section className="card wide" aria-labelledby="hist-title">
          <h2 id="hist-title">Actions</h2>
          <ErrorBox error={actions.error} />
          {actions.data && actions.data.items.length === 0 ? <Empty>No action has touched this resource.</Empty> : null}
          {actions.data && actions.data.items.length > 0 ? (
            <table>
              <thead><tr><th>Handler</th><th>State</th><th>Requested by</th><th>Updated</th></tr></thead>
              <tbody>
                {actions.data.items.map((a) => (
                  <tr key={a.id}>
                    <td><Link href={`/actions?id=${encodeURIComponent(a.id)}`}>{a.handler}</Link></td>
                    <td><StateBadge state={a.state} /></td>
                    <td>{a.requested_by}</td>
                    <td>{formatTime(a.updated_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
      </div>
    </main>
  );
}
