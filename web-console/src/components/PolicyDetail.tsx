"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { Highlight, type PrismTheme } from "prism-react-renderer";
import { useSession } from "@/lib/auth";
import type { Finding, Page, Policy, PolicyTestResult } from "@/lib/types";
import { Empty, ErrorBox, Loading, ResourceLink, SeverityBadge, formatTime } from "./common";

// token colours from the console's theme variables, so light and dark both keep AA contrast
const yamlTheme: PrismTheme = {
  plain: { color: "var(--text)", backgroundColor: "var(--bg)" },
  styles: [
    { types: ["atrule", "key", "property", "attr-name", "tag"], style: { color: "var(--accent)" } },
    { types: ["string", "attr-value", "char"], style: { color: "var(--ok)" } },
    { types: ["number", "boolean", "important", "constant"], style: { color: "var(--warn)" } },
    { types: ["comment", "prolog"], style: { color: "var(--muted)", fontStyle: "italic" } },
    { types: ["punctuation", "operator"], style: { color: "var(--text)" } },
  ],
};

export function YamlBlock({ source }: { source: string }) {
  return (
    <Highlight code={source.trimEnd()} language="yaml" theme={yamlTheme}>
      {({ className, style, tokens, getLineProps, getTokenProps }) => (
        <pre className={`code ${className}`} style={style} data-testid="policy-yaml" tabIndex={0} aria-label="Policy YAML">
          {tokens.map((line, i) => (
            <div key={i} {...getLineProps({ line })}>
              {line.map((token, k) => <span key={k} {...getTokenProps({ token })} />)}
            </div>
          ))}
        </pre>
      )}
    </Highlight>
  );
}

export function PolicyDetail() {
  const { call } = useSession();
  const id = useSearchParams().get("id") ?? "";
  const policy = useQuery({ queryKey: ["policy", id], queryFn: () => call<Policy>(`/policies/${encodeURIComponent(id)}`), enabled: id !== "" });
  const source = policy.data?.source_yaml;
  const tests = useQuery({
    queryKey: ["policy", id, "tests", policy.data?.version],
    queryFn: () => call<PolicyTestResult>("/policies:test", { method: "POST", body: source, headers: { "Content-Type": "application/yaml" } }),
    enabled: !!source,
  });
  const findings = useQuery({
    queryKey: ["findings", "policy", id],
    queryFn: () => call<Page<Finding>>(`/findings?status=open&policy_id=${encodeURIComponent(id)}&limit=100&sort=-risk_score`),
    enabled: id !== "",
  });
  if (!id) return <main id="main"><h1>Policy</h1><Empty>No policy selected.</Empty></main>;
  if (policy.isPending) return <main id="main"><h1>Policy</h1><Loading label="Loading the policy" /></main>;
  if (policy.error) return <main id="main"><h1>Policy</h1><ErrorBox error={policy.error} title="Could not load the policy" /></main>;
  const p = policy.data;
  return (
    <main id="main">
      <h1>{p.metadata.title ?? p.metadata.id}</h1>
      <p className="row">
        <code>{p.metadata.id}</code>
        {p.metadata.severity ? <SeverityBadge severity={p.metadata.severity} /> : null}
        <span className="muted">resource {p.spec.resource} · mode {p.spec.mode ?? "manual"} · version {p.version} · updated {formatTime(p.updated_at)} by {p.updated_by}</span>
      </p>
      {p.metadata.frameworks ? (
        <p>
          {Object.entries(p.metadata.frameworks).map(([fw, controls]) => (
            <span key={fw} className="badge" style={{ marginRight: 6 }}>{fw}: {controls.join(", ")}</span>
          ))}
        </p>
      ) : null}
      <div className="grid">
        <section className="card wide" aria-labelledby="yaml-title">
          <h2 id="yaml-title">Source</h2>
          <YamlBlock source={p.source_yaml} />
        </section>
        <section className="card" aria-labelledby="tests-title">
          <h2 id="tests-title">Inline tests</h2>
          <ErrorBox error={tests.error} title="Could not run the tests" />
          {tests.isPending ? <Loading label="Running the tests" /> : null}
          {tests.data && tests.data.tests.length === 0 ? <Empty>The policy has no inline tests.</Empty> : null}
          {tests.data && tests.data.tests.length > 0 ? (
            <table data-testid="policy-tests">
              <thead><tr><th>Test</th><th>Expect</th><th>Actual</th><th>Result</th></tr></thead>
              <tbody>
                {tests.data.tests.map((t) => (
                  <tr key={t.name}>
                    <td>{t.name}</td><td>{t.expect}</td><td>{t.actual}</td>
                    <td className={t.pass ? "ok" : "bad"}>{t.pass ? "pass" : `fail${t.error ? `: ${t.error}` : ""}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <section className="card" aria-labelledby="match-title">
          <h2 id="match-title">Resources with open findings</h2>
          <ErrorBox error={findings.error} />
          {findings.data && findings.data.items.length === 0 ? <Empty>No resource violates this policy.</Empty> : null}
          {findings.data && findings.data.items.length > 0 ? (
            <ul>
              {findings.data.items.map((f) => (
                <li key={f.id}>
                  <ResourceLink id={f.resource_id} resourceKey={f.resource_key} /> —{" "}
                  <Link href={`/findings?policy_id=${encodeURIComponent(id)}&finding=${encodeURIComponent(f.id)}`}>finding</Link>
                </li>
              ))}
            </ul>
          ) : null}
          {tests.data && tests.data.matches.length > 0 ? (
            <>
              <h3>Matched by the inline test resources</h3>
              <ul>
                {tests.data.matches.map((m) => (
                  <li key={m}><code>{m}</code></li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
    </main>
  );
}
