package io.praetor.adapters.http;

import static io.praetor.adapters.http.RouteSpec.BodyKind.INVENTORY;
import static io.praetor.adapters.http.RouteSpec.BodyKind.JSON;
import static io.praetor.adapters.http.RouteSpec.BodyKind.NONE;
import static io.praetor.adapters.http.RouteSpec.BodyKind.POLICY;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.praetor.adapters.http.RouteSpec.BodyKind;
import io.praetor.adapters.http.RouteSpec.Endpoint;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.ElevationState;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.inventory.InventorySource;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceKeys;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.policy.Severity;
import io.praetor.ports.usecase.ActionRequest;
import io.praetor.ports.usecase.EvidenceUseCases;
import io.praetor.ports.usecase.ExemptionRequest;
import io.praetor.ports.usecase.PolicyValidation;
import io.praetor.ports.usecase.SnapshotImport;
import io.praetor.ports.usecase.SourceRegistration;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Every route of API.md, with the role its group needs, as a table the server registers and the OpenAPI document lists. */
final class Routes {
    static final String API = "/api/v1";
    private static final Set<Role> NONE_NEEDED = Set.of();
    private static final Set<Role> VIEWER = Set.of(Role.VIEWER);
    private static final Set<Role> OPERATOR = Set.of(Role.OPERATOR);
    private static final Set<Role> APPROVER = Set.of(Role.APPROVER);
    private static final Set<Role> OPERATOR_OR_APPROVER = Set.of(Role.OPERATOR, Role.APPROVER);
    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    // fields a client might try to send a secret in; the API takes only a credential set's name
    private static final List<String> SECRET_FIELDS = List.of("secret_access_key", "secretAccessKey", "access_key_id",
            "accessKeyId", "session_token", "sessionToken", "password", "secret");
    private static final Set<String> INVENTORY_FORMATS = Set.of("praetor", "aws-config", "azure-resource-graph",
            "gcp-asset", "custodian", "kubernetes");

    private final ApiServices s;
    private final HttpSettings settings;
    private final Optional<DevTokenMinter> devTokens;
    private final HttpObserver observer;
    private final EventStreams streams;
    private final List<RouteSpec> table = new ArrayList<>();
    private static final Pattern WINDOW = Pattern.compile("[1-9][0-9]{0,3}d");
    /**
     * The last {@code GET /metrics} body per tenant, window and depth. A cache hit returns metrics
     * equal to the last answer's, and rendering them again was a third of the request's CPU; equal
     * metrics render to the same bytes, so an unequal one is simply rendered and replaces it.
     */
    private final Cache<String, RenderedMetrics> renderedMetrics = CacheBuilder.newBuilder().maximumSize(1_000).build();

    private record RenderedMetrics(GovernanceMetrics metrics, byte[] json) {}

    Routes(ApiServices services, HttpSettings settings, Optional<DevTokenMinter> devTokens, HttpObserver observer,
           EventStreams streams) {
        this.s = services;
        this.settings = settings;
        this.devTokens = devTokens;
        this.observer = observer;
        this.streams = streams;
        declare();
    }

    List<RouteSpec> table() {
        return List.copyOf(table);
    }

    private void route(String method, String path, Set<Role> roles, BodyKind body, String summary, Endpoint e) {
        table.add(new RouteSpec(method, path, roles, body, summary, e));
    }

    private void declare() {
        // health, metrics, console support: no token
        route("GET", "/healthz", NONE_NEEDED, NONE, "Liveness", c -> Reply.ok(Map.of("status", "ok")));
        route("GET", "/readyz", NONE_NEEDED, NONE, "Readiness of every adapter", c -> readiness());
        route("GET", "/prometheus", NONE_NEEDED, NONE, "Prometheus metrics", c -> new Reply.Bytes(200,
                "text/plain; version=0.0.4; charset=utf-8", Map.of(),
                observer.prometheus().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        route("GET", API + "/console/config", NONE_NEEDED, NONE, "What the console needs to sign in", c -> consoleConfig());
        route("POST", API + "/dev/token", NONE_NEEDED, JSON, "Mint a dev-mode token (dev mode only)", this::devToken);

        // inventory
        route("POST", API + "/inventory/snapshots", OPERATOR, INVENTORY, "Import an inventory file", this::importSnapshot);
        route("POST", API + "/inventory/sources", OPERATOR, JSON, "Register a live inventory source", this::createSource);
        route("GET", API + "/inventory/sources", VIEWER, NONE, "List live inventory sources", c -> Reply.ok(Views.items(
                s.inventorySources().sources(c.principal()), Routes::source)));
        route("POST", API + "/inventory/sources/{id}/sync", OPERATOR, JSON, "Sync a live inventory source", this::syncSource);
        route("GET", API + "/resources", VIEWER, NONE, "List resources", this::resources);
        route("GET", API + "/resources/{key}", VIEWER, NONE, "One resource with its open findings", c -> Reply.ok(
                Views.resourceView(s.inventory().resource(c.principal(), ResourceKeys.idOf(c.path("key"))))));
        route("PUT", API + "/resources/{key}", OPERATOR, JSON, "Upsert one resource", this::putResource);
        route("DELETE", API + "/resources/{key}", OPERATOR, NONE, "Delete one resource", c -> {
            String id = ResourceKeys.idOf(c.path("key"));
            s.inventory().deleteResource(c.principal(), id);
            return Reply.noContent();
        });

        // policies, scans, findings, exemptions, metrics
        route("GET", API + "/policies", VIEWER, NONE, "List policies", c -> Reply.ok(Views.items(
                s.policies().policies(c.principal()), Views::policy)));
        route("GET", API + "/policies/{id}", VIEWER, NONE, "One policy", c -> Reply.ok(Views.policy(
                s.policies().policy(c.principal(), c.path("id")).orElseThrow(
                        () -> PraetorException.notFound("policy " + c.path("id"))))));
        route("PUT", API + "/policies/{id}", ADMIN, POLICY, "Store a policy (YAML or JSON) and re-evaluate it", c -> {
            Reply r = Reply.ok(Views.policy(s.policies().putPolicy(c.principal(), c.path("id"), c.text())));
            return r;
        });
        route("DELETE", API + "/policies/{id}", ADMIN, NONE, "Delete a policy", c -> {
            s.policies().deletePolicy(c.principal(), c.path("id"));
            return Reply.noContent();
        });
        route("POST", API + "/policies:validate", VIEWER, POLICY, "Compile a policy", this::validatePolicy);
        route("POST", API + "/policies:test", VIEWER, POLICY, "Run a policy's tests and evaluate resources", this::testPolicy);
        route("POST", API + "/scans", OPERATOR, JSON, "Evaluate every policy over the tenant", c -> {
            Map<String, Object> body = c.json();
            var scan = s.findings().scan(c.principal());
            return Reply.ok(Views.scan(scan));
        });
        route("GET", API + "/findings", VIEWER, NONE, "List findings", this::findings);
        route("GET", API + "/findings/{id}", VIEWER, NONE, "One finding", c -> Reply.ok(
                Views.finding(s.findings().finding(c.principal(), c.path("id")))));
        route("POST", API + "/exemptions", ADMIN, JSON, "Exempt a resource or selector from a policy", this::createExemption);
        route("GET", API + "/exemptions", VIEWER, NONE, "List exemptions", c -> {
            Instant now = s.clock().instant();
            return Reply.ok(Views.items(s.exemptions().exemptions(c.principal()), e -> Views.exemption(e, now)));
        });
        route("DELETE", API + "/exemptions/{id}", ADMIN, NONE, "Revoke an exemption", c -> {
            s.exemptions().revokeExemption(c.principal(), c.path("id"));
            return Reply.noContent();
        });
        route("GET", API + "/metrics", VIEWER, NONE, "Governance metrics", this::metrics);

        // actions
        route("POST", API + "/actions", OPERATOR, JSON, "Request a remediation action", this::requestAction);
        route("GET", API + "/actions", VIEWER, NONE, "List actions", this::actions);
        route("GET", API + "/actions/{id}", VIEWER, NONE, "One action", c -> Reply.ok(
                Views.action(s.actions().action(c.principal(), c.path("id")))));
        route("POST", API + "/actions/{id}/approve", APPROVER, JSON, "Approve a planned action", c -> Reply.ok(
                Views.action(s.actions().approve(c.principal(), c.path("id"),
                        Fields.optString(c.json(), "comment").orElse("")))));
        route("POST", API + "/actions/{id}/run", OPERATOR, JSON, "Run an approved action", c -> Reply.json(202,
                Views.action(s.actions().run(c.principal(), c.path("id")))));
        route("POST", API + "/actions/{id}/cancel", OPERATOR, JSON, "Cancel an action", c -> Reply.ok(
                Views.action(s.actions().cancel(c.principal(), c.path("id")))));
        route("POST", API + "/actions/{id}/rollback", APPROVER, JSON, "Roll back a completed action", c -> Reply.json(202,
                Views.action(s.actions().rollback(c.principal(), c.path("id")))));
        route("POST", API + "/actions/{id}/redrive", ADMIN, JSON, "Re-queue a failed action", c -> Reply.json(202,
                Views.action(s.actions().redrive(c.principal(), c.path("id")))));
        route("GET", API + "/actions/{id}/events", VIEWER, NONE, "SSE: the action's events", streams::actionEvents);
        route("GET", API + "/actions/{id}/bundle", VIEWER, NONE, "The action's evidence bundle (zip)", this::bundle);
        route("GET", API + "/actions/{id}/bundle/verify", VIEWER, NONE, "Verify the action's bundle server-side", c -> {
            EvidenceUseCases.BundleCheck check = s.evidence().verifyBundle(c.principal(), c.path("id"));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", check.ok());
            m.put("problems", check.problems());
            return Reply.ok(m);
        });
        route("GET", API + "/events", VIEWER, NONE, "SSE: the tenant's events", streams::tenantEvents);

        // elevations
        route("POST", API + "/elevations", OPERATOR_OR_APPROVER, JSON, "Request a just-in-time elevation", this::requestElevation);
        route("GET", API + "/elevations", VIEWER, NONE, "List elevations", c -> {
            Optional<ElevationState> state = c.query("state").map(v -> ElevationState.fromWire(v)
                    .orElseThrow(() -> Call.invalidQuery("state", "is not an elevation state")));
            Instant now = s.clock().instant();
            return Reply.ok(Views.items(s.elevations().elevations(c.principal(), state), e -> Views.elevation(e, now)));
        });
        route("POST", API + "/elevations/{id}/approve", ADMIN, JSON, "Approve an elevation", c -> {
            var e = s.elevations().approveElevation(c.principal(), c.path("id"));
            return Reply.ok(Views.elevation(e, s.clock().instant()));
        });
        route("POST", API + "/elevations/{id}/reject", ADMIN, JSON, "Reject an elevation", c -> {
            var e = s.elevations().rejectElevation(c.principal(), c.path("id"));
            return Reply.ok(Views.elevation(e, s.clock().instant()));
        });
        // the holder may revoke their own: the use case checks admin-or-holder
        route("DELETE", API + "/elevations/{id}", VIEWER, NONE, "Revoke an elevation", c -> {
            var e = s.elevations().revokeElevation(c.principal(), c.path("id"));
            return Reply.ok(Views.elevation(e, s.clock().instant()));
        });

        // evidence and ledger
        route("GET", API + "/evidence", VIEWER, NONE, "List evidence blobs", c -> Reply.ok(Views.items(
                s.evidence().evidence(c.principal(), c.query("action_id")), Views::evidence)));
        route("GET", API + "/evidence/{sha256}", VIEWER, NONE, "One evidence blob", c -> {
            EvidenceUseCases.Blob blob = s.evidence().blob(c.principal(), c.path("sha256"));
            return new Reply.Bytes(200, blob.ref().mediaType(), Map.of(), blob.content());
        });
        route("GET", API + "/ledger", VIEWER, NONE, "Ledger entries", c -> {
            long from = c.number("from", 0);
            long limit = c.number("limit", 100);
            if (limit < 1 || limit > 1000) throw Call.invalidQuery("limit", "must be between 1 and 1000");
            return Reply.ok(Map.of("items", s.ledger().entries(c.principal(), from, (int) limit).stream()
                    .map(Views::ledgerLeaf).toList()));
        });
        route("GET", API + "/ledger/head", VIEWER, NONE, "The latest signed tree head", c -> Reply.ok(
                Views.treeHead(s.ledger().head(c.principal()))));
        route("GET", API + "/ledger/proof/inclusion", VIEWER, NONE, "Inclusion proof", c -> Reply.ok(Views.inclusion(
                s.ledger().inclusionProof(c.principal(), c.requiredNumber("seq"), c.requiredNumber("tree_size")))));
        route("GET", API + "/ledger/proof/consistency", VIEWER, NONE, "Consistency proof", c -> Reply.ok(Views.consistency(
                s.ledger().consistencyProof(c.principal(), c.requiredNumber("from"), c.requiredNumber("to")))));
        route("GET", API + "/ledger/verify", VIEWER, NONE, "Recompute and check the ledger", c -> Reply.ok(
                Views.ledgerCheck(s.ledger().verify(c.principal()))));
        route("GET", API + "/ledger/public-key", VIEWER, NONE, "The public JWK of tree heads", c -> Reply.json(200,
                "application/jwk+json", s.ledger().publicKey(c.principal())));
        route("GET", API + "/ledger/export", VIEWER, NONE, "NDJSON of every entry and a signed head", c -> {
            Principal p = c.principal();
            return new Reply.Streamed(200, "application/x-ndjson", Map.of(), out -> s.ledger().export(p, out));
        });

        // AI and assistant: the local analyst answers when no model does
        AiEndpoints ai = new AiEndpoints(s.ai());
        route("POST", API + "/ai/analyses", VIEWER, JSON, "Analyse findings: narrative, ranked risks, suggested actions", ai::analyses);
        route("POST", API + "/ai/policies:generate", VIEWER, JSON, "Generate a policy from a prompt, compiled and run on samples", ai::generate);
        route("GET", API + "/ai/predictions", VIEWER, NONE, "Forecast and at-risk resources", ai::predictions);
        route("POST", API + "/assistant/chat", VIEWER, JSON, "Ask the assistant (SSE with Accept: text/event-stream)", ai::chat);
    }

    private Reply readiness() {
        Map<String, HttpObserver.Readiness> adapters = observer.readiness();
        String status = "ok";
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : adapters.entrySet()) {
            out.put(e.getKey(), Map.of("status", e.getValue().status(), "detail", e.getValue().detail()));
            if (e.getValue().status().equals("down")) status = "down";
            else if (e.getValue().status().equals("degraded") && !status.equals("down")) status = "degraded";
        }
        return Reply.json(status.equals("down") ? 503 : 200, Map.of("status", status, "adapters", out));
    }

    private Reply consoleConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dev_mode", settings.devMode());
        if (settings.oidcIssuer().isPresent()) {
            Map<String, Object> oidc = new LinkedHashMap<>();
            oidc.put("issuer", settings.oidcIssuer().get().toString());
            oidc.put("client_id", settings.oidcClientId().orElse(null));
            m.put("oidc", oidc);
        } else {
            m.put("oidc", null);
        }
        return Reply.ok(m);
    }

    private Reply devToken(Call c) {
        if (!settings.devMode() || devTokens.isEmpty()) {
            throw new PraetorException(ErrorCode.NOT_FOUND, "dev tokens exist only in dev mode");
        }
        Map<String, Object> body = c.json();
        TenantId tenant;
        try {
            tenant = TenantId.of(Fields.string(body, "tenant"));
        } catch (PraetorException e) {
            throw e.issues().isEmpty() ? Fields.invalid("tenant", "is not a valid tenant id") : e;
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object r : Fields.optList(body, "roles").orElseThrow(() -> Fields.invalid("roles", "is required"))) {
            if (!(r instanceof String name) || Role.fromWire(name).isEmpty()) {
                throw Fields.invalid("roles", "must list viewer, operator, approver or admin");
            }
            roles.add(Role.fromWire(name).get());
        }
        String sub = Fields.optString(body, "sub").orElse("dev-user");
        Duration ttl = Duration.ofHours(1);
        String token = devTokens.get().mint(tenant, sub, roles, ttl);
        return Reply.ok(Map.of("token", token, "expires_at", Views.time(s.clock().instant().plus(ttl))));
    }

    private Reply importSnapshot(Call c) {
        String format = c.query("format").orElseThrow(() -> Call.invalidQuery("format", "is required"));
        if (!INVENTORY_FORMATS.contains(format)) {
            throw Call.invalidQuery("format", "must be one of " + String.join(", ", INVENTORY_FORMATS.stream().sorted().toList()));
        }
        SnapshotImport request = new SnapshotImport(format, c.query("type"), c.query("provider"), c.query("account"),
                c.query("region"), c.flag("full", false));
        var result = s.inventory().importSnapshot(c.principal(), request, new ByteArrayInputStream(c.body()));
        return Reply.ok(Views.importResult(result));
    }

    private Reply createSource(Call c) {
        Map<String, Object> body = c.json();
        for (String secret : SECRET_FIELDS) {
            if (body.containsKey(secret)) {
                throw Fields.invalid(secret, "is not accepted: name a credential set the server holds in 'credentials'");
            }
        }
        if (body.get("credentials") != null && !(body.get("credentials") instanceof String)) {
            throw Fields.invalid("credentials", "must be the name of a credential set the server holds, never the secret");
        }
        String kind = Fields.string(body, "kind");
        // the resources' source name is accepted as the kind too (ADR 0014)
        if (kind.equals("s3-live")) kind = "s3";
        SourceRegistration r = new SourceRegistration(Fields.string(body, "id"), kind, Fields.optString(body, "endpoint"),
                Fields.optString(body, "region"), Fields.optString(body, "account"),
                Fields.optString(body, "schedule").map(Routes::schedule),
                Fields.bool(body, "path_style", false),
                Fields.optString(body, "credentials"));
        return Reply.json(201, source(s.inventorySources().register(c.principal(), r)));
    }

    /** "15m", "2h", "30s", "1d", or an ISO-8601 duration such as PT15M. */
    static Duration schedule(String text) {
        try {
            if (text.matches("\\d{1,9}[smhd]")) {
                long n = Long.parseLong(text.substring(0, text.length() - 1));
                return switch (text.charAt(text.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    case 'h' -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            }
            return Duration.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw Fields.invalid("schedule", "must be like 15m, 1h, 1d or an ISO-8601 duration such as PT15M");
        }
    }

    private Reply syncSource(Call c) {
        return Reply.ok(Views.importResult(s.inventorySources().sync(c.principal(), c.path("id"))));
    }

    private static Map<String, Object> source(InventorySource src) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", src.id());
        m.put("kind", src.kind());
        m.put("endpoint", Views.opt(src.endpoint()));
        m.put("region", Views.opt(src.region()));
        m.put("account", Views.opt(src.account()));
        m.put("schedule", src.schedule().map(Duration::toString).orElse(null));
        m.put("path_style", src.pathStyle());
        m.put("credentials", Views.opt(src.credentials()));
        m.put("created_at", Views.time(src.createdAt()));
        m.put("created_by", src.createdBy());
        m.put("last_sync_at", Views.opt(src.lastSyncAt()));
        return m;
    }

    private Reply resources(Call c) {
        ResourceQuery q = new ResourceQuery(c.query("provider"), c.query("type"), c.query("region"), c.query("account"),
                c.query("source"), c.tags(), c.query("q"), c.query("id"), c.sort());
        return Reply.ok(Views.page(s.inventory().resources(c.principal(), q, c.page()), Views::resource));
    }

    @SuppressWarnings("unchecked")
    private Reply putResource(Call c) {
        String id = ResourceKeys.idOf(c.path("key"));
        Map<String, Object> body = c.json();
        String bodyId = Fields.optString(body, "id").orElse(id);
        if (!bodyId.equals(id)) throw Fields.invalid("id", "does not match the key in the path");
        String type = Fields.string(body, "type");
        Map<String, String> tags = new LinkedHashMap<>();
        Fields.object(body, "tags").forEach((k, v) -> {
            if (!(v instanceof String sv)) throw Fields.invalid("tags/" + k, "must be a string");
            tags.put(k, sv);
        });
        Instant observed = body.containsKey("observed_at") ? Fields.instant(body, "observed_at") : s.clock().instant();
        Resource r = Resource.of(id, type, Fields.optString(body, "name").orElse(""),
                Fields.optString(body, "region").orElse(""), Fields.optString(body, "account").orElse(""), tags,
                (Map<String, Object>) JsonTrees.freeze(Fields.object(body, "properties")),
                Fields.optString(body, "source").orElse("praetor"), observed);
        Reply reply = Reply.ok(Views.resource(s.inventory().putResource(c.principal(), r)));
        return reply;
    }

    private Reply validatePolicy(Call c) {
        PolicyValidation v = s.policies().validate(c.principal(), c.text());
        if (!v.ok()) {
            throw new PraetorException(ErrorCode.VALIDATION, "the policy does not compile", v.errors());
        }
        return Reply.ok(Map.of("ok", true, "warnings", v.warnings()));
    }

    @SuppressWarnings("unchecked")
    private Reply testPolicy(Call c) {
        String source = c.text();
        List<Map<String, Object>> resources = List.of();
        String type = c.ctx().contentType() == null ? "" : c.ctx().contentType();
        if (type.startsWith("application/json")) {
            Object tree = Json.read(c.body());
            if (tree instanceof Map<?, ?> m && m.containsKey("policy")) {
                Object policy = m.get("policy");
                source = policy instanceof String text ? text : Json.writeString(policy);
                Object list = m.get("resources");
                if (list != null) {
                    if (!(list instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof Map)) {
                        throw Fields.invalid("resources", "must be a list of objects");
                    }
                    resources = (List<Map<String, Object>>) list;
                }
            }
        }
        return Reply.ok(Views.testReport(s.policies().test(c.principal(), source, resources)));
    }

    private Reply findings(Call c) {
        Optional<FindingStatus> status = c.query("status").map(v -> FindingStatus.fromWire(v)
                .orElseThrow(() -> Call.invalidQuery("status", "must be open, resolved or exempted")));
        Optional<Severity> severity = c.query("severity").map(v -> Severity.fromWire(v)
                .orElseThrow(() -> Call.invalidQuery("severity", "must be critical, high, medium, low or info")));
        FindingQuery q = new FindingQuery(status, severity, c.query("policy_id"), c.query("resource_id"),
                c.query("resource_type"), c.query("account"), c.query("framework"), c.tags(), c.sort());
        return Reply.ok(Views.page(s.findings().findings(c.principal(), q, c.page()), Views::finding));
    }

    private Reply createExemption(Call c) {
        Map<String, Object> body = c.json();
        ExemptionRequest r = new ExemptionRequest(Fields.string(body, "policy_id"), Fields.optString(body, "resource_id"),
                Fields.optString(body, "selector"), Fields.optString(body, "reason").orElse(""),
                Fields.instant(body, "expires_at"));
        var created = s.exemptions().createExemption(c.principal(), r);
        return Reply.json(201, Views.exemption(created, s.clock().instant()));
    }

    private Reply metrics(Call c) {
        String window = c.query("window").orElse("30d");
        if (!WINDOW.matcher(window).matches()) throw Call.invalidQuery("window", "must be a number of days such as 30d");
        Duration d = Duration.ofDays(Long.parseLong(window.substring(0, window.length() - 1)));
        boolean deep = c.flag("deep", false);
        GovernanceMetrics metrics = s.metrics().metrics(c.principal(), d, deep);
        String key = metrics.tenant().value() + ":" + d.toDays() + ":" + deep;
        RenderedMetrics last = renderedMetrics.getIfPresent(key);
        byte[] json;
        if (last != null && last.metrics().equals(metrics)) {
            json = last.json();
        } else {
            json = Json.write(Views.metrics(metrics));
            renderedMetrics.put(key, new RenderedMetrics(metrics, json));
        }
        return new Reply.Bytes(200, "application/json", Map.of(), json);
    }

    private Reply requestAction(Call c) {
        Map<String, Object> body = c.json();
        ActionRequest r = new ActionRequest(Fields.optString(body, "finding_id"), Fields.optString(body, "resource_id"),
                Fields.optString(body, "handler"), Fields.object(body, "params"), Fields.bool(body, "dry_run", true),
                Fields.optString(body, "reason").orElse(""));
        if (r.findingId().isEmpty() && (r.resourceId().isEmpty() || r.handler().isEmpty())) {
            throw Fields.invalid("finding_id", "or resource_id and handler are required");
        }
        return Reply.json(202, Views.action(s.actions().requestAction(c.principal(), r)));
    }

    private Reply actions(Call c) {
        Optional<ActionState> state = c.query("state").map(v -> ActionState.fromWire(v)
                .orElseThrow(() -> Call.invalidQuery("state", "is not an action state")));
        ActionQuery q = new ActionQuery(state, c.query("resource_id"), c.query("policy_id"));
        return Reply.ok(Views.page(s.actions().actions(c.principal(), q, c.page()), Views::action));
    }

    private Reply bundle(Call c) {
        Principal p = c.principal();
        String id = c.path("id");
        s.actions().action(p, id); // NOT_FOUND before anything is written
        return new Reply.Streamed(200, "application/zip",
                Map.of("Content-Disposition", "attachment; filename=\"action-" + id + "-bundle.zip\""),
                out -> s.evidence().writeBundle(p, id, out));
    }

    private Reply requestElevation(Call c) {
        Map<String, Object> body = c.json();
        long minutes = Fields.optLong(body, "duration_minutes").orElseThrow(() -> Fields.invalid("duration_minutes", "is required"));
        if (minutes < 1 || minutes > 60) throw Fields.invalid("duration_minutes", "must be between 1 and 60");
        var e = s.elevations().requestElevation(c.principal(), Fields.optString(body, "reason").orElse(""),
                Duration.ofMinutes(minutes), Fields.optString(body, "action_id"));
        return Reply.json(201, Views.elevation(e, s.clock().instant()));
    }
}
