"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useSession } from "@/lib/auth";
import { SEVERITIES, type Action, type Metrics, type Page } from "@/lib/types";
import { Empty, ErrorBox, Loading, PolicyLink, StateBadge, shortId } from "./common";

export type TrendRow = { date: string; score?: number; forecast?: number; band?: [number, number] };

/** Trend and forecast on one date axis: the band joins the last measured point so the chart is continuous. */
export function trendRows(m: Pick<Metrics, "trend" | "forecast">): TrendRow[] {
  const rows: TrendRow[] = m.trend.map((t) => ({ date: t.date, score: t.compliance_score }));
  const last = rows[rows.length - 1];
  if (last && m.forecast.points.length > 0 && last.score !== undefined) {
    last.forecast = last.score;
    last.band = [last.score, last.score];
  }
  for (const p of m.forecast.points) rows.push({ date: p.date, forecast: p.compliance_score, band: [p.low, p.high] });
  return rows;
}

export function Overview() {
  const { call } = useSession();
  const metrics = useQuery({ queryKey: ["metrics"], queryFn: () => call<Metrics>("/metrics") });
  const awaiting = useQuery({ queryKey: ["actions", "planned"], queryFn: () => call<Page<Action>>("/actions?state=planned&limit=10") });

  if (metrics.isPending) return <main id="main"><h1>Overview</h1><Loading label="Loading metrics" /></main>;
  if (metrics.error) return <main id="main"><h1>Overview</h1><ErrorBox error={metrics.error} title="Could not load metrics" /></main>;
  const m = metrics.data;
  const severity = SEVERITIES.map((s) => ({ severity: s, open: m.findings_by_severity[s] ?? 0 }));
  const frameworks = Object.entries(m.findings_by_framework);
  const rows = trendRows(m);

  return (
    <main id="main">
      <h1>Overview</h1>
      <div className="grid">
        <section className="card" aria-labelledby="score-title">
          <h2 id="score-title">Compliance score</h2>
          <div className="kpi" data-testid="compliance-score">{m.compliance_score.toFixed(1)}%</div>
          <p className="muted">
            {m.findings_open} open findings · {m.resources_total} resources · {m.policies_total} policies
            {m.mttr_hours != null ? ` · MTTR ${m.mttr_hours.toFixed(1)} h` : ""}
          </p>
        </section>
        <section className="card" aria-labelledby="actions-title">
          <h2 id="actions-title">Actions</h2>
          <p>
            <strong data-testid="awaiting-approval">{m.actions.awaiting_approval}</strong> awaiting approval ·{" "}
            {m.actions.in_progress} in progress · {m.actions.completed} completed · {m.actions.failed} failed
          </p>
          {awaiting.error ? <ErrorBox error={awaiting.error} /> : null}
          {awaiting.data && awaiting.data.items.length > 0 ? (
            <ul>
              {awaiting.data.items.map((a) => (
                <li key={a.id}>
                  <Link href={`/actions?id=${encodeURIComponent(a.id)}`}>{a.handler} on {shortId(a.resource_id)}</Link> <StateBadge state={a.state} />
                </li>
              ))}
            </ul>
          ) : awaiting.data ? (
            <p className="muted">Nothing awaits approval.</p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="sev-title">
          <h2 id="sev-title">Open findings by severity</h2>
          <div style={{ height: 200 }} role="img" aria-label="Bar chart of open findings per severity (numbers in the table below)">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={severity} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                <XAxis dataKey="severity" stroke="var(--muted)" interval={0} />
                <YAxis allowDecimals={false} stroke="var(--muted)" />
                <Tooltip />
                <Bar dataKey="open" fill="var(--high)" />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <table>
            <caption className="muted" style={{ textAlign: "left" }}>Open findings per severity</caption>
            <tbody>
              {severity.map((s) => (
                <tr key={s.severity}>
                  <th scope="row">
                    <Link href={`/findings?status=open&severity=${s.severity}`}>{s.severity}</Link>
                  </th>
                  <td>{s.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card" aria-labelledby="fw-title">
          <h2 id="fw-title">By framework</h2>
          {frameworks.length === 0 ? (
            <Empty>No framework has failing controls.</Empty>
          ) : (
            <table>
              <thead>
                <tr><th>Framework</th><th>Open</th><th>Controls failing</th></tr>
              </thead>
              <tbody>
                {frameworks.map(([name, f]) => (
                  <tr key={name}>
                    <td><Link href={`/findings?status=open&framework=${encodeURIComponent(name)}`}>{name}</Link></td>
                    <td>{f.open}</td>
                    <td>{f.controls_failing}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card wide" aria-labelledby="trend-title">
          <h2 id="trend-title">Trend and forecast</h2>
          {rows.length === 0 ? (
            <Empty>No daily points yet: the trend starts with the first scan of each day.</Empty>
          ) : (
            <div style={{ height: 260 }} role="img" aria-label={`Compliance trend over ${m.trend.length} days with a ${m.forecast.horizon_days}-day forecast`}>
              <ResponsiveContainer width="100%" height="100%">
                <ComposedChart data={rows} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
                  <XAxis dataKey="date" stroke="var(--muted)" />
                  <YAxis domain={[0, 100]} stroke="var(--muted)" />
                  <Tooltip />
                  <Legend />
                  <Area dataKey="band" name="forecast band" stroke="none" fill="var(--accent)" fillOpacity={0.15} />
                  <Line dataKey="score" name="compliance score" stroke="var(--ok)" dot />
                  <Line dataKey="forecast" name={`forecast (${m.forecast.source})`} stroke="var(--accent)" strokeDasharray="5 4" dot={false} />
                </ComposedChart>
              </ResponsiveContainer>
            </div>
          )}
          {m.forecast.points.length === 0 ? (
            <p className="muted" data-testid="forecast-reason">No forecast: {m.forecast.reason ?? "not enough daily points yet"}.</p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="tp-title">
          <h2 id="tp-title">Top failing policies</h2>
          {m.top_policies.length === 0 ? <Empty>No policy is failing.</Empty> : (
            <ol>
              {m.top_policies.map((p) => (
                <li key={p.policy_id}><PolicyLink id={p.policy_id} /> — {p.open} open</li>
              ))}
            </ol>
          )}
        </section>
        <section className="card" aria-labelledby="tt-title">
          <h2 id="tt-title">Top failing resource types</h2>
          {m.top_resource_types.length === 0 ? <Empty>No resource type has open findings.</Empty> : (
            <ol>
              {m.top_resource_types.map((t) => (
                <li key={t.type}>
                  <Link href={`/findings?status=open&resource_type=${encodeURIComponent(t.type)}`}>{t.type}</Link> — {t.open} open
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>
    </main>
  );
}
