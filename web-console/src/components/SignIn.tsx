"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch } from "@/lib/api";
import { useAuth } from "@/lib/auth";
import { startOidcSignIn } from "@/lib/oidc";
import type { ConsoleConfig } from "@/lib/types";
import { ErrorBox, Loading } from "./common";

const ROLES = ["viewer", "operator", "approver", "admin"] as const;

export function SignIn() {
  const { signIn } = useAuth();
  const config = useQuery({ queryKey: ["console-config"], queryFn: () => apiFetch<ConsoleConfig>("/console/config") });
  const [tenant, setTenant] = useState("default");
  const [sub, setSub] = useState("");
  const [roles, setRoles] = useState<string[]>(["operator"]);
  const [pasted, setPasted] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function mint(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    try {
      const r = await apiFetch<{ token: string }>("/dev/token", { method: "POST", body: { tenant, sub: sub || "console-user", roles } });
      signIn(r.token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function usePasted(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      signIn(pasted);
    } catch (err) {
      setError(err);
    }
  }

  async function oidc() {
    const o = config.data?.oidc;
    if (!o?.client_id) return;
    setError(null);
    try {
      await startOidcSignIn(o.issuer, o.client_id);
    } catch (err) {
      setError(err);
    }
  }

  return (
    <main id="main">
      <h1>Sign in to Praetor</h1>
      {config.isPending ? <Loading label="Reading the server's sign-in settings" /> : null}
      <ErrorBox error={config.error} title="Could not read the sign-in settings" />
      <ErrorBox error={error} title="Sign-in failed" />
      <div className="grid">
        {config.data?.oidc ? (
          <section className="card" aria-labelledby="oidc-title">
            <h2 id="oidc-title">Single sign-on</h2>
            <p className="muted">Issuer: {config.data.oidc.issuer}</p>
            {config.data.oidc.client_id ? (
              <button className="primary" onClick={() => void oidc()}>Sign in with your identity provider</button>
            ) : (
              <p className="alert">The server has no console client id (PRAETOR_OIDC_CLIENT_ID); paste a token instead.</p>
            )}
          </section>
        ) : null}
        {config.data?.dev_mode ? (
          <section className="card" aria-labelledby="dev-title">
            <h2 id="dev-title">Development token</h2>
            <p className="muted">The server runs in dev mode and mints tokens with its local key.</p>
            <form onSubmit={(e) => void mint(e)} className="stack">
              <div className="row">
                <label>Tenant<input value={tenant} onChange={(e) => setTenant(e.target.value)} required /></label>
                <label>User<input value={sub} onChange={(e) => setSub(e.target.value)} placeholder="console-user" /></label>
              </div>
              <fieldset>
                <legend>Roles</legend>
                <div className="row">
                  {ROLES.map((r) => (
                    <label className="inline" key={r}>
                      <input
                        type="checkbox"
                        checked={roles.includes(r)}
                        onChange={(e) => setRoles((cur) => (e.target.checked ? [...cur, r] : cur.filter((x) => x !== r)))}
                      />
                      {r}
                    </label>
                  ))}
                </div>
              </fieldset>
              <button className="primary" type="submit" disabled={busy || roles.length === 0}>Mint a dev token and sign in</button>
            </form>
          </section>
        ) : null}
        <section className="card" aria-labelledby="paste-title">
          <h2 id="paste-title">Paste a token</h2>
          <p className="muted">For example the one <code>praetor serve</code> printed, or <code>praetor token</code>. It is kept in this tab&apos;s memory only.</p>
          <form onSubmit={usePasted} className="stack">
            <label>
              Bearer token
              <textarea rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} spellCheck={false} autoComplete="off" />
            </label>
            <button type="submit" disabled={!pasted.trim()}>Sign in with this token</button>
          </form>
        </section>
      </div>
    </main>
  );
}
