// End-to-end: a real app-server (the built jar, memory store) serving the built console, driven
// in Debian's Chromium through playwright-core. Screenshots go to test-results/.
//
// Flow: an in-test S3-compatible server (s3proxy) holds a bucket without versioning; sign in with a
// dev token → overview → sync the s3-live source in the console → findings filtered in the URL →
// open the bucket's finding → dry-run → side-by-side diff and live timeline → approve as a second
// user → run → completed → finding resolved (live) → bundle verified → resource and policy
// detail → assistant → dark mode and a phone-sized view; axe-core checks each view.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..", "..");
const results = resolve(here, "..", "test-results");
const jar = join(repo, "app-server", "target", "praetor.jar");
const chromiumPath = process.env.PRAETOR_CHROMIUM ?? "/usr/bin/chromium";
const TENANT = "acme";
const ACCOUNT = "000000000000";
const S3_KEY = "praetor-e2e";
const S3_SECRET = "praetor-e2e-secret";
const BUCKET = "e2e-unversioned";
const started = Date.now();

function step(msg) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
}

function fail(msg) {
  throw new Error(msg);
}

async function freePort() {
  return new Promise((ok) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** The webhook endpoint the policy's remediation calls (a ticketing system, here). */
async function startWebhookSink() {
  const received = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ key: req.headers["idempotency-key"], body });
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ticket":"SEC-1"}');
    });
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, received, close: () => server.close() };
}

function javaBinary() {
  const home = process.env.JAVA_HOME;
  return home && existsSync(join(home, "bin", "java")) ? join(home, "bin", "java") : "java";
}

/** s3proxy (app-server's test classpath) with one bucket as it comes: no versioning. */
async function startS3Proxy() {
  const target = join(repo, "app-server", "target");
  const cpFile = join(target, "test-classpath.txt");
  if (!existsSync(cpFile)) fail(`no ${cpFile}: build app-server first (./praetor test does)`);
  const cp = [join(target, "test-classes"), join(target, "classes"), readFileSync(cpFile, "utf8").trim()].join(":");
  const proc = spawn(javaBinary(), ["-cp", cp, "io.praetor.server.e2e.S3ProxyMain", S3_KEY, S3_SECRET, BUCKET], { stdio: ["pipe", "pipe", "pipe"] });
  const log = [];
  proc.stderr.on("data", (d) => log.push(String(d)));
  const endpoint = await new Promise((ok, ko) => {
    let out = "";
    const timer = setTimeout(() => ko(new Error(`s3proxy did not start in 60 s:\n${log.join("")}`)), 60_000);
    proc.stdout.on("data", (d) => {
      out += d;
      const m = /endpoint=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    proc.on("exit", (code) => ko(new Error(`s3proxy exited with ${code}:\n${log.join("")}`)));
  });
  return {
    endpoint,
    stop: async () => {
      proc.stdin.end(); // it serves until stdin closes
      await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on("exit", ok)));
    },
  };
}

async function startServer(env) {
  if (!existsSync(jar)) fail(`no server jar at ${jar}: build it first (./praetor test does)`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "praetor-e2e-"));
  const java = javaBinary();
  const major = Number(/version "(\d+)/.exec(await new Promise((ok) => {
    const p = spawn(java, ["-version"]);
    let out = "";
    p.stderr.on("data", (d) => (out += d));
    p.on("close", () => ok(out));
  }))?.[1] ?? 21);
  const args = [...(major >= 24 ? ["--sun-misc-unsafe-memory-access=allow"] : []), "-jar", jar, "serve"];
  const log = [];
  const proc = spawn(java, args, {
    env: { ...process.env, PRAETOR_PORT: String(port), PRAETOR_BIND: "127.0.0.1", PRAETOR_DATA_DIR: dataDir, PRAETOR_RATE_LIMIT: "off", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  proc.stdout.on("data", (d) => log.push(String(d)));
  proc.stderr.on("data", (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) fail(`server exited with ${proc.exitCode}:\n${log.join("")}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) fail(`server not ready in 60 s:\n${log.join("")}`);
    await new Promise((ok) => setTimeout(ok, 250));
  }
  return {
    base,
    log,
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((ok) => (proc.exitCode !== null ? ok() : proc.on("exit", ok)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function api(base, method, path, token, body, contentType = "application/json") {
  const res = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { "Content-Type": contentType } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) fail(`${method} ${path} → ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function devToken(base, sub, roles) {
  const res = await fetch(`${base}/api/v1/dev/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ tenant: TENANT, sub, roles }),
  });
  if (!res.ok) fail(`dev token: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

const POLICY = `apiVersion: praetor.io/v1
kind: Policy
metadata:
  id: s3-no-public-acl
  title: S3 buckets grant nothing to AllUsers
  severity: high
  frameworks: {cis-aws-3.0: ["2.1.5"]}
spec:
  resource: aws.s3.bucket
  violation: >-
    resource.properties.?supplementaryConfiguration.?AccessControlList.?grantList.orValue([])
    .exists(g, type(g.grantee) == string && g.grantee == 'AllUsers')
  mode: manual
  remediation:
    handler: http.webhook
    params: {endpoint: ticket}
`;

async function signIn(page, base, user, roles, path = "/") {
  await page.goto(base + path);
  await page.getByRole("heading", { name: "Sign in to Praetor" }).waitFor();
  await page.getByLabel("Tenant").fill(TENANT);
  await page.getByLabel("User").fill(user);
  for (const role of ["viewer", "operator", "approver", "admin"]) {
    await page.getByRole("checkbox", { name: role }).setChecked(roles.includes(role));
  }
  await page.getByRole("button", { name: "Mint a dev token and sign in" }).click();
  await page.getByTestId("whoami").filter({ hasText: `${user} @ ${TENANT}` }).waitFor();
}

async function shot(page, name) {
  await page.screenshot({ path: join(results, `${name}.png`), fullPage: true });
}

const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** WCAG 2 A/AA checks with axe-core on the page as it is; serious and critical violations fail. */
async function accessible(page, view) {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const r = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return r.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  if (violations.length) fail(`accessibility problems on ${view}:\n${violations.join("\n")}`);
}

async function main() {
  mkdirSync(results, { recursive: true });
  if (!existsSync(chromiumPath)) fail(`no Chromium at ${chromiumPath} (./praetor test installs Debian's chromium)`);
  const sink = await startWebhookSink();
  const s3 = await startS3Proxy();
  step(`s3proxy at ${s3.endpoint} with bucket ${BUCKET}`);
  const server = await startServer({
    PRAETOR_WEBHOOKS: `ticket=${sink.url}`,
    // the S3 handlers act on this endpoint with the credentials named after the resource's account
    PRAETOR_S3_ENDPOINT: s3.endpoint,
    PRAETOR_S3_PATH_STYLE: "true",
    PRAETOR_S3_REGION: "us-east-1",
    [`PRAETOR_CREDENTIALS_${ACCOUNT}_ACCESS_KEY_ID`]: S3_KEY,
    [`PRAETOR_CREDENTIALS_${ACCOUNT}_SECRET_ACCESS_KEY`]: S3_SECRET,
    PRAETOR_CREDENTIALS_LAB_KEYS_ACCESS_KEY_ID: S3_KEY,
    PRAETOR_CREDENTIALS_LAB_KEYS_SECRET_ACCESS_KEY: S3_SECRET,
  });
  step(`server up at ${server.base}`);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  const pageErrors = [];
  try {
    // seed: two policies (public ACLs → webhook ticket; versioning → aws.s3.enable-versioning, in
    // manual mode so a person dry-runs and approves it), the sample AWS Config snapshot, and the
    // s3-live source on the in-test endpoint (registered; the console syncs it)
    const admin = await devToken(server.base, "root", ["admin"]);
    await api(server.base, "PUT", "/api/v1/policies/s3-no-public-acl", admin, POLICY, "application/yaml");
    const pack = readFileSync(join(repo, "policies", "aws", "s3.yaml"), "utf8").split("\n---\n");
    const versioning = pack.find((d) => /\n {2}id: aws-s3-bucket-versioning\n/.test(d));
    if (!versioning) fail("policies/aws/s3.yaml has no aws-s3-bucket-versioning");
    await api(server.base, "PUT", "/api/v1/policies/aws-s3-bucket-versioning", admin, versioning.replace("mode: auto", "mode: manual"), "application/yaml");
    const snapshot = readFileSync(join(repo, "examples", "inventories", "aws-config-snapshot.json"), "utf8");
    const imported = await api(server.base, "POST", "/api/v1/inventory/snapshots?format=aws-config&full=true", admin, snapshot);
    await api(server.base, "POST", "/api/v1/inventory/sources", admin, {
      id: "lab", kind: "s3", endpoint: s3.endpoint, region: "us-east-1", account: ACCOUNT, path_style: true, credentials: "lab-keys",
    });
    step(`imported ${imported.created} resources; registered the s3-live source`);

    const alice = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await alice.newPage();
    page.on("pageerror", (e) => pageErrors.push(`alice: ${e.message}`));
    await page.goto(server.base + "/");
    await page.getByRole("heading", { name: "Sign in to Praetor" }).waitFor();
    await shot(page, "01-sign-in");
    await signIn(page, server.base, "alice", ["operator"]);

    // overview
    await page.getByTestId("compliance-score").waitFor();
    await page.getByTestId("live-status").filter({ hasText: "Live" }).waitFor();
    const score = await page.getByTestId("compliance-score").textContent();
    step(`overview: compliance ${score}`);
    await page.getByRole("link", { name: "s3-no-public-acl" }).waitFor();
    await shot(page, "02-overview");
    await accessible(page, "overview");

    // sync the live S3 source from the console
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
    await page.getByRole("button", { name: "Sync lab now" }).click();
    await page.getByTestId("sync-result").filter({ hasText: "1 received, 1 created" }).waitFor({ timeout: 30_000 });
    step("s3-live source synced from the console: 1 bucket");
    await shot(page, "03-sources");
    await accessible(page, "sources");

    // findings, filtered through the URL: the synced account, medium severity
    await page.getByRole("link", { name: ACCOUNT }).click();
    await page.waitForURL(/account=000000000000/);
    await page.getByLabel("Severity", { exact: true }).selectOption("medium");
    await page.waitForURL(/severity=medium/);
    await page.getByTestId("finding-row").first().waitFor();
    const rows = await page.getByTestId("finding-row").count();
    if (rows !== 1) fail(`expected one medium finding in ${ACCOUNT}, saw ${rows}`);
    await shot(page, "04-findings");
    await page.getByRole("button", { name: /Open finding: S3 buckets keep object versions/ }).click();
    await page.getByTestId("finding-status").filter({ hasText: "open" }).waitFor();
    await page.getByRole("dialog").getByText(`Bucket ${BUCKET} has versioning Off`).waitFor();
    await shot(page, "05-finding");
    await accessible(page, "finding panel");

    // dry-run → planned: the side-by-side diff, the live timeline, approve disabled for the requester
    await page.getByRole("button", { name: "Request a dry-run of the fix" }).click();
    await page.waitForURL(/action=/);
    const actionId = new URL(page.url()).searchParams.get("action");
    await page.getByRole("dialog").getByTestId("action-state").filter({ hasText: "planned" }).waitFor({ timeout: 30_000 });
    await page.getByTestId("timeline").locator("li[data-state=planned]").waitFor();
    await page.getByTestId("timeline-status").filter({ hasText: "live" }).waitFor();
    await page.getByTestId("plan-summary").waitFor();
    const diff = page.getByTestId("plan-diff");
    await diff.getByText("Before").waitFor();
    await diff.getByText("After").waitFor();
    await diff.getByText(/"Enabled"/).first().waitFor();
    const approve = page.getByRole("button", { name: "Approve" });
    if (!(await approve.isDisabled())) fail("approve must be disabled for the requester");
    await page.getByText("You requested this action; another person must approve it.").waitFor();
    step(`action ${actionId} planned with a diff; approve disabled for alice`);
    await shot(page, "06-action-planned");
    await accessible(page, "action drawer (plan)");

    // a second user approves in their own browser context
    const bobContext = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const bob = await bobContext.newPage();
    bob.on("pageerror", (e) => pageErrors.push(`bob: ${e.message}`));
    await signIn(bob, server.base, "bob", ["approver"], `/actions?id=${actionId}`);
    await bob.getByRole("dialog").getByTestId("action-state").filter({ hasText: "planned" }).waitFor();
    await bob.getByLabel("Approval comment").fill("versioning is reversible");
    await bob.getByRole("button", { name: "Approve" }).click();
    await bob.getByRole("dialog").getByTestId("action-state").filter({ hasText: "approved" }).waitFor();
    await shot(bob, "07-approved-by-bob");
    step("bob approved");

    // alice sees the approval arrive live, runs it, watches it complete
    await page.getByRole("dialog").getByTestId("action-state").filter({ hasText: "approved" }).waitFor();
    await page.getByText(/^Approved by bob/).waitFor();
    await page.getByRole("button", { name: "Run" }).click();
    await page.getByRole("dialog").getByTestId("action-state").filter({ hasText: "completed" }).waitFor({ timeout: 30_000 });
    for (const st of ["planned", "approved", "in_progress", "verifying", "completed"]) {
      await page.getByTestId("timeline").locator(`li[data-state=${st}]`).first().waitFor();
    }
    await page.getByTestId("bundle-status").filter({ hasText: "Bundle verified" }).waitFor({ timeout: 15_000 });
    step("completed; bundle verified");
    await shot(page, "08-action-completed");
    await accessible(page, "action drawer (completed)");

    // the read-back upserted the bucket as changed: the finding resolves, and the panel shows it live
    await page.getByRole("button", { name: "Close action" }).click();
    await page.getByTestId("finding-status").filter({ hasText: "resolved" }).waitFor({ timeout: 15_000 });
    step("finding resolved (live)");
    await shot(page, "09-finding-resolved");

    // resource detail: JSON tree, tags, history of actions
    await page.getByRole("dialog").getByRole("link", { name: BUCKET }).click();
    await page.getByTestId("properties-tree").waitFor();
    await page.getByRole("heading", { name: "Actions" }).waitFor();
    await page.getByText("This resource passes every policy that applies to it.").waitFor();
    await page.getByRole("link", { name: "aws.s3.enable-versioning" }).waitFor();
    await page.getByRole("button", { name: "Expand all" }).click();
    await page.getByTestId("properties-tree").getByText('"Enabled"').first().waitFor();
    await shot(page, "10-resource");
    await accessible(page, "resource");

    // policy detail with highlighted YAML
    await page.goto(server.base + "/"); // a reload signs out (tokens live in memory only)
    await page.getByRole("heading", { name: "Sign in to Praetor" }).waitFor();
    await signIn(page, server.base, "alice", ["operator"], "/policy?id=aws-s3-bucket-versioning");
    await page.getByTestId("policy-yaml").filter({ hasText: "aws.s3.enable-versioning" }).waitFor();
    await page.getByTestId("policy-tests").getByText("pass").first().waitFor();
    if (await page.getByTestId("policy-tests").getByText(/^fail/).count()) fail("a policy inline test failed");
    await shot(page, "11-policy");
    await accessible(page, "policy");

    // assistant: the text path (headless Chromium has no speech service); the local analyst answers
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Assistant" }).click();
    await page.getByTestId("voice-status").waitFor();
    await page.getByLabel("Your question").fill("What is our posture?");
    await page.getByRole("button", { name: "Ask", exact: true }).click();
    const refused = page.getByRole("alert").filter({ hasText: "The assistant could not answer" });
    const reply = page.getByTestId("assistant-message").filter({ hasText: /local analyst|AI/ });
    await reply.or(refused).first().waitFor({ timeout: 30_000 });
    if (await refused.isVisible()) fail(`the assistant did not answer: ${await refused.textContent()}`);
    step(`assistant answered: ${(await reply.textContent()).replace(/\s+/g, " ").slice(0, 100)}…`);
    const mic = page.getByRole("button", { name: "Ask by voice" });
    if (await mic.isVisible()) {
      await mic.click();
      await page.getByRole("status").filter({ hasText: "type your question instead" }).waitFor({ timeout: 15_000 });
      if (await mic.isVisible()) fail("the voice button must go away once recognition has failed");
      step("voice input failed in headless Chromium and degraded to text");
    } else {
      step("no speech recognition in this browser: text only");
    }
    if (!(await page.getByLabel("Your question").isEnabled())) fail("the text box must stay usable");
    await shot(page, "12-assistant");
    await accessible(page, "assistant");

    // dark mode
    await page.getByRole("button", { name: "Switch to dark mode" }).click();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Overview" }).click();
    await page.getByTestId("compliance-score").waitFor();
    await shot(page, "13-overview-dark");
    await accessible(page, "overview (dark)");

    // a phone-sized screen: the findings table drops secondary columns, the drawer takes the width
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Findings" }).click();
    await page.getByLabel("Status", { exact: true }).selectOption("resolved");
    await page.getByTestId("finding-row").first().waitFor();
    await shot(page, "14-findings-phone");

    if (pageErrors.length) fail(`uncaught errors in the page:\n${pageErrors.join("\n")}`);
    step("all steps passed");
  } catch (e) {
    console.error(`server log (tail):\n${server.log.join("").split("\n").slice(-40).join("\n")}`);
    throw e;
  } finally {
    await browser.close();
    await server.stop();
    await s3.stop();
    sink.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`e2e FAILED: ${e.stack ?? e}`);
    process.exit(1);
  },
);
