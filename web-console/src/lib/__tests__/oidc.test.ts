// @vitest-environment node
// (node, not jsdom: WebCrypto's digest refuses jsdom's cross-realm Uint8Array)
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, stubFetch } from "@/test/http";
import { finishOidcSignIn, startOidcSignIn } from "../oidc";

const ISSUER = "https://idp.example/realms/acme";
const discovery = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/authorize`,
  token_endpoint: `${ISSUER}/token`,
  jwks_uri: `${ISSUER}/jwks`,
};

class MemoryStorage {
  private items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, v);
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const assign = vi.fn();
beforeEach(() => {
  vi.stubGlobal("sessionStorage", new MemoryStorage());
  vi.stubGlobal("window", { location: { origin: "http://127.0.0.1:8080", assign } });
});

afterEach(() => {
  vi.unstubAllGlobals();
  assign.mockReset();
});

describe("OIDC code + PKCE", () => {
  it("redirects to the issuer's authorization endpoint with an S256 challenge; only the verifier and state wait in sessionStorage", async () => {
    stubFetch((url) => (url === `${ISSUER}/.well-known/openid-configuration` ? json(200, discovery) : undefined));
    await startOidcSignIn(ISSUER, "praetor-console");
    const url = new URL(assign.mock.calls[0]?.[0] as string);
    expect(url.origin + url.pathname).toBe(`${ISSUER}/authorize`);
    expect(url.searchParams.get("client_id")).toBe("praetor-console");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("redirect_uri")).toBe("http://127.0.0.1:8080/callback");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const pending = JSON.parse(sessionStorage.getItem("praetor.oidc.pending") ?? "{}") as Record<string, string>;
    expect(pending.state).toBe(url.searchParams.get("state"));
    expect(pending.verifier).toBeTruthy();
    expect(url.toString()).not.toContain(pending.verifier ?? "none");
  });

  it("a callback without a pending sign-in is refused readably", async () => {
    await expect(finishOidcSignIn(new URL("http://127.0.0.1:8080/callback?code=x&state=y"))).rejects.toThrow(/no sign-in in progress/);
  });

  it("a callback whose state does not match is refused, and the pending sign-in is consumed", async () => {
    stubFetch((url) => (url === `${ISSUER}/.well-known/openid-configuration` ? json(200, discovery) : undefined));
    sessionStorage.setItem("praetor.oidc.pending", JSON.stringify({ verifier: "v".repeat(43), state: "expected", issuer: ISSUER, clientId: "c" }));
    await expect(finishOidcSignIn(new URL(`http://127.0.0.1:8080/callback?code=x&state=forged&iss=${encodeURIComponent(ISSUER)}`))).rejects.toThrow();
    expect(sessionStorage.getItem("praetor.oidc.pending")).toBeNull();
  });
});
