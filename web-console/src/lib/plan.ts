import { applyPatch, deepClone, type Operation } from "fast-json-patch";
import type { Plan } from "./types";

/** Before and after documents of a plan: the states the server sent, else the prior state with the diff applied. */
export function planSides(plan: Plan): { before: unknown; after: unknown } | null {
  if (plan.prior_state && plan.planned_state) return { before: plan.prior_state, after: plan.planned_state };
  if (!plan.prior_state) return null;
  const after = applyPatch(deepClone(plan.prior_state), plan.diff as Operation[], false, false).newDocument;
  return { before: plan.prior_state, after };
}

/** Stable, readable JSON for a side-by-side diff (keys sorted so moved keys do not show as changes). */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

export const LIFECYCLE = ["preflight", "planned", "approved", "in_progress", "verifying", "completed"] as const;
export const FINAL_STATES = new Set(["completed", "rolled_back", "cancelled", "failed"]);
export const CANCELLABLE = new Set(["queued", "preflight", "planned", "approved"]);
