// Wire types of the Praetor HTTP API v1 (shared/API.md). Fields are snake_case as on the wire.

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

export type Page<T> = { items: T[]; next_cursor: string | null };

export type Resource = {
  id: string;
  key: string;
  provider: string;
  type: string;
  name: string;
  region: string;
  account: string;
  tags: Record<string, string>;
  properties: Record<string, unknown>;
  source: string;
  observed_at: string;
  version: number;
};

export type Finding = {
  id: string;
  policy_id: string;
  resource_id: string;
  resource_key: string;
  resource_type: string;
  account: string;
  severity: Severity;
  risk_score: number;
  status: "open" | "resolved" | "exempted";
  title: string;
  message: string;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
  exemption_id: string | null;
  action_ids: string[];
};

export type ActionState =
  | "queued"
  | "preflight"
  | "planned"
  | "approved"
  | "in_progress"
  | "verifying"
  | "completed"
  | "rolled_back"
  | "failed"
  | "cancelled";

export type JsonPatchOp = { op: string; path: string; value?: unknown; from?: string };

export type Plan = {
  summary: string;
  diff: JsonPatchOp[];
  destructive: boolean;
  base_version: number;
  planned_at: string;
  prior_state?: Record<string, unknown>;
  planned_state?: Record<string, unknown>;
  details?: Record<string, unknown>;
};

export type EvidenceRef = { sha256: string; media_type: string; name: string };

export type Action = {
  id: string;
  state: ActionState;
  handler: string;
  resource_id: string;
  resource_key: string;
  finding_id: string | null;
  policy_id: string | null;
  requested_by: string;
  dry_run: boolean;
  approvals: { by: string; at: string; comment: string }[];
  plan: Plan | null;
  result: { message: string; observed?: unknown; error?: string } | null;
  evidence: EvidenceRef[];
  created_at: string;
  updated_at: string;
};

export type ActionEvent = {
  action_id: string;
  seq: number;
  type: string;
  state: ActionState;
  at: string;
  message: string;
  data: Record<string, unknown>;
};

export type Metrics = {
  tenant: string;
  generated_at: string;
  compliance_score: number;
  resources_total: number;
  policies_total: number;
  findings_open: number;
  findings_by_severity: Record<Severity, number>;
  findings_by_framework: Record<string, { open: number; controls_failing: number }>;
  top_policies: { policy_id: string; open: number }[];
  top_resource_types: { type: string; open: number }[];
  trend: { date: string; compliance_score: number; findings_open: number }[];
  mttr_hours: number | null;
  actions: { awaiting_approval: number; in_progress: number; completed: number; failed: number };
  forecast: {
    horizon_days: number;
    points: { date: string; compliance_score: number; low: number; high: number }[];
    source: "local" | "ai";
    reason?: string;
  };
};

export type Policy = {
  id?: string;
  metadata: { id: string; title?: string; severity?: Severity; frameworks?: Record<string, string[]>; description?: string };
  spec: { resource: string; mode?: string; remediation?: { handler: string; params?: Record<string, unknown> } };
  source_yaml: string;
  version: number;
  updated_at: string;
  updated_by: string;
};

export type PolicyTestResult = {
  tests: { name: string; expect: string; actual: string; pass: boolean; error?: string }[];
  matches: string[];
};

export type Elevation = {
  id: string;
  principal: string;
  reason: string;
  action_id: string | null;
  state: "pending" | "active" | "rejected" | "revoked" | "expired";
  requested_at: string;
  approved_by: string | null;
  expires_at: string | null;
};

export type BundleVerification = { ok: boolean; problems: string[] };

export type ConsoleConfig = { dev_mode: boolean; oidc: { issuer: string; client_id: string | null } | null };

export type ChatMessage = { role: "user" | "assistant"; content: string };

export type ChatReply = {
  reply: string;
  citations: string[];
  suggested_actions: { finding_id?: string; handler?: string; action_id?: string; dry_run?: boolean }[];
  source: "ai" | "local";
};

export type InventorySource = {
  id: string;
  kind: string;
  endpoint: string | null;
  region: string | null;
  account: string | null;
  schedule: string | null;
  path_style: boolean;
  credentials: string | null;
  created_at: string;
  created_by: string;
  last_sync_at: string | null;
};

export type SyncCounts = { snapshot_id: string; received: number; created: number; updated: number; deleted: number; unchanged: number };
