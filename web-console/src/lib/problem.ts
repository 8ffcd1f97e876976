// RFC 9457 problem+json from the API, turned into something a person can read.

export type ProblemItem = { pointer?: string; field?: string; line?: number; column?: number; message: string };

export type Problem = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: ProblemItem[];
};

export class ProblemError extends Error {
  readonly problem: Problem;
  readonly status: number;

  constructor(status: number, problem: Problem) {
    super(readableProblem(problem, status));
    this.name = "ProblemError";
    this.status = status;
    this.problem = problem;
  }
}

const SLUG_HINTS: Record<string, string> = {
  unauthorized: "Your sign-in is missing or has expired. Sign in again.",
  forbidden: "Your roles do not allow this.",
  "not-found": "It does not exist (or belongs to another tenant).",
  "invalid-transition": "The action is not in a state that allows this.",
  "plan-stale": "The resource changed since planning; the plan was refreshed and needs approval again.",
  "rate-limited": "Too many requests; wait a moment and retry.",
  "dependency-unavailable": "A service the server depends on is unavailable right now.",
};

/** One readable sentence (plus the per-field errors) for a problem document. */
export function readableProblem(p: Problem, status?: number): string {
  const slug = p.type?.split("/").pop() ?? "";
  const head = p.detail?.trim() || p.title?.trim() || SLUG_HINTS[slug] || `Request failed (HTTP ${status ?? p.status ?? "?"})`;
  const items = (p.errors ?? []).map((e) => {
    const where = e.pointer ?? e.field ?? (e.line != null ? `line ${e.line}${e.column != null ? `:${e.column}` : ""}` : "");
    return where ? `${where}: ${e.message}` : e.message;
  });
  return items.length ? `${head} — ${items.join("; ")}` : head;
}

/** Reads a failed response: problem+json when the server sent one, else the status line. */
export async function problemFrom(res: Response): Promise<ProblemError> {
  const type = res.headers.get("content-type") ?? "";
  if (type.includes("json")) {
    try {
      return new ProblemError(res.status, (await res.json()) as Problem);
    } catch {
      // fall through: a body that is not JSON is reported by status
    }
  }
  return new ProblemError(res.status, { status: res.status, title: res.statusText || `HTTP ${res.status}` });
}
