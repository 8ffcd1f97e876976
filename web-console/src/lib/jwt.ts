/** Claims the console shows or decides on; the server verifies the token, the console only reads it. */
export type Principal = { sub: string; tenant: string; roles: string[]; exp: number | null };

export function readClaims(token: string, tenantClaim = "tid"): Principal {
  const part = token.split(".")[1];
  if (!part) throw new Error("not a JWT: expected three dot-separated parts");
  const json = atob(part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "="));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
  return {
    sub: typeof claims.sub === "string" ? claims.sub : "",
    tenant: typeof claims[tenantClaim] === "string" ? (claims[tenantClaim] as string) : "",
    roles,
    exp: typeof claims.exp === "number" ? claims.exp : null,
  };
}

const IMPLIED: Record<string, string[]> = {
  admin: ["admin", "operator", "approver", "viewer"],
  operator: ["operator", "viewer"],
  approver: ["approver", "viewer"],
  viewer: ["viewer"],
};

/** Roles stack: viewer ⊂ operator, viewer ⊂ approver, admin ⊇ all. */
export function hasRole(p: Principal | null, role: "viewer" | "operator" | "approver" | "admin"): boolean {
  return !!p && p.roles.some((r) => IMPLIED[r]?.includes(role));
}
