import * as oauth from "oauth4webapi";

// Authorization code + PKCE against the issuer the server names in /console/config. Only the
// PKCE verifier and state (not secrets once used, and useless without the code) wait in
// sessionStorage across the redirect; the tokens themselves stay in memory.
const PENDING = "praetor.oidc.pending";

type Pending = { verifier: string; state: string; issuer: string; clientId: string };

function redirectUri(): string {
  return `${window.location.origin}/callback`;
}

export async function startOidcSignIn(issuer: string, clientId: string): Promise<void> {
  const as = await oauth.processDiscoveryResponse(new URL(issuer), await oauth.discoveryRequest(new URL(issuer)));
  if (!as.authorization_endpoint) throw new Error(`the issuer ${issuer} has no authorization endpoint`);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const pending: Pending = { verifier, state, issuer, clientId };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("redirect_uri", redirectUri());
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "openid");
  url.searchParams.set("code_challenge", await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set("code_challenge_method", "S256");
  url.searchParams.set("state", state);
  window.location.assign(url.toString());
}

/** Exchanges the code in the callback URL for tokens; returns the access token. */
export async function finishOidcSignIn(callbackUrl: URL): Promise<string> {
  const raw = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!raw) throw new Error("no sign-in in progress: start again from the sign-in page");
  const p = JSON.parse(raw) as Pending;
  const as = await oauth.processDiscoveryResponse(new URL(p.issuer), await oauth.discoveryRequest(new URL(p.issuer)));
  const client: oauth.Client = { client_id: p.clientId };
  const params = oauth.validateAuthResponse(as, client, callbackUrl, p.state);
  const response = await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), params, redirectUri(), p.verifier);
  const result = await oauth.processAuthorizationCodeResponse(as, client, response);
  return result.access_token;
}
