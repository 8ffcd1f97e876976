// The findings table's filters live in the URL, so a filtered view can be linked and reloaded.

export const FINDING_FILTERS = ["status", "severity", "framework", "policy_id", "resource_type", "account", "tag", "sort", "cursor"] as const;
export type FindingFilter = (typeof FINDING_FILTERS)[number];
export type FindingFilters = Partial<Record<FindingFilter, string>>;

export function filtersFromSearch(search: URLSearchParams): FindingFilters {
  const f: FindingFilters = {};
  for (const k of FINDING_FILTERS) {
    const v = search.get(k);
    if (v) f[k] = v;
  }
  return f;
}

/** The API query for these filters: `tag=KEY=VALUE` becomes `tag.KEY=VALUE`; status defaults to open. */
export function findingsQuery(f: FindingFilters, limit = 25): string {
  const q = new URLSearchParams();
  q.set("status", f.status ?? "open");
  for (const k of ["severity", "framework", "policy_id", "resource_type", "account", "cursor"] as const) {
    if (f[k]) q.set(k, f[k]);
  }
  if (f.tag) {
    const eq = f.tag.indexOf("=");
    if (eq > 0) q.set(`tag.${f.tag.slice(0, eq)}`, f.tag.slice(eq + 1));
  }
  q.set("sort", f.sort ?? "-risk_score");
  q.set("limit", String(limit));
  return `?${q.toString()}`;
}

/** The page URL's search for new filters; changing a filter starts again from the first page. */
export function withFilter(current: URLSearchParams, key: string, value: string | null): string {
  const next = new URLSearchParams(current);
  if (value) next.set(key, value);
  else next.delete(key);
  if (key !== "cursor" && key !== "finding" && key !== "action") next.delete("cursor");
  const s = next.toString();
  return s ? `?${s}` : "";
}
