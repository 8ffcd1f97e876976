package io.praetor.adapters.webhook;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.action.ActionHandler;
import io.praetor.ports.action.HandlerContext;
import io.praetor.ports.action.PlannedChange;
import io.praetor.ports.action.Preflight;
import io.praetor.ports.action.Verification;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.Resource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code http.webhook}: tells a ticketing or chat-ops endpoint about a finding. Params are
 * {@code {endpoint: <name>}}; the URL comes only from the endpoints an admin configured
 * ({@code PRAETOR_WEBHOOKS}), never from a policy. The plan is the request it will send (the
 * resource is not changed, so the diff is empty); apply POSTs it as JSON with
 * {@code Idempotency-Key: <action id>} and completes on a 2xx. A 5xx, 429 or timeout is TRANSIENT
 * (retried), a refused connection DEPENDENCY_UNAVAILABLE (nothing was sent), any other answer a
 * VALIDATION failure. Redirects are not followed. Not destructive. Thread-safe and stateless.
 */
public final class WebhookActionHandler implements ActionHandler {
    /** The handler name policies use. */
    public static final String NAME = "http.webhook";
    /** Whose environment variable configures the endpoints. */
    public static final String ENVIRONMENT_VARIABLE = "PRAETOR_WEBHOOKS";
    private static final int MAX_RESPONSE_CHARS = 2000;

    private final Map<String, URI> endpoints;
    private final HttpClient client;
    private final Duration timeout;

    /** @param endpoints configured endpoints by name (see {@link WebhookEndpoints#parse}) */
    public WebhookActionHandler(Map<String, URI> endpoints, HttpClient client, Duration timeout) {
        this.endpoints = Map.copyOf(endpoints);
        this.client = Objects.requireNonNull(client);
        this.timeout = Objects.requireNonNull(timeout);
    }

    /** With a JDK client that follows no redirects and a 10 s request timeout. */
    public WebhookActionHandler(Map<String, URI> endpoints) {
        this(endpoints, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build(), Duration.ofSeconds(10));
    }

    /** From the value of {@code PRAETOR_WEBHOOKS} ({@code name=url,name=url}). */
    public static WebhookActionHandler fromConfiguration(String praetorWebhooks) {
        return new WebhookActionHandler(WebhookEndpoints.parse(praetorWebhooks));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean destructive() {
        return false;
    }

    @Override
    public Preflight preflight(HandlerContext context) {
        List<String> problems = new ArrayList<>();
        for (String key : List.of("url", "uri", "href")) {
            if (context.params().containsKey(key)) {
                problems.add("webhook URLs come only from " + ENVIRONMENT_VARIABLE + ", not from params (remove '" + key + "')");
            }
        }
        Object endpoint = context.params().get("endpoint");
        if (!(endpoint instanceof String name)) {
            problems.add("params.endpoint must name a configured webhook endpoint (configured: " + endpoints.keySet() + ")");
        } else if (!endpoints.containsKey(name)) {
            problems.add("unknown webhook endpoint '" + name + "' (configured: " + endpoints.keySet() + ")");
        }
        if (!problems.isEmpty()) return Preflight.failed(problems);
        return Preflight.ok(Map.of("endpoint", endpoint));
    }

    @Override
    public PlannedChange plan(HandlerContext context) {
        String name = endpointName(context);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action_id", context.actionId());
        body.put("tenant", context.tenant().value());
        body.put("handler", NAME);
        body.put("finding", context.finding().map(WebhookActionHandler::finding).orElse(null));
        body.put("resource", resource(context.resource()));
        String summary = "POST the finding and resource to webhook endpoint " + name;
        body.put("plan", Map.of("summary", summary, "diff", List.of()));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("method", "POST");
        details.put("endpoint", name);
        details.put("body", body);
        // A webhook does not change the resource: the planned state is the current one, the diff empty.
        return new PlannedChange(summary, context.resource().properties(), context.resource().properties(), details);
    }

    @Override
    public Map<String, Object> apply(HandlerContext context, PlannedChange plan) {
        String name = endpointName(context);
        Object planned = plan.details().get("endpoint");
        if (!name.equals(planned)) {
            throw new PraetorException(ErrorCode.VALIDATION, "the plan was made for endpoint " + planned + ", params name " + name);
        }
        Object body = plan.details().get("body");
        if (body == null) throw new PraetorException(ErrorCode.VALIDATION, "the plan has no request body");
        HttpRequest request = HttpRequest.newBuilder(endpoints.get(name))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", context.actionId())
                .header("User-Agent", "praetor-webhook")
                .POST(HttpRequest.BodyPublishers.ofByteArray(WebhookJson.write(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE,
                    "webhook endpoint " + name + " could not be reached; nothing was sent", e);
        } catch (HttpTimeoutException e) {
            throw new PraetorException(ErrorCode.TRANSIENT,
                    "webhook endpoint " + name + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new PraetorException(ErrorCode.TRANSIENT, "webhook endpoint " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PraetorException(ErrorCode.OUTCOME_UNKNOWN, "interrupted while posting to webhook endpoint " + name, e);
        }
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        if (text.length() > MAX_RESPONSE_CHARS) text = text.substring(0, MAX_RESPONSE_CHARS);
        if (status >= 200 && status < 300) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("endpoint", name);
            out.put("status", (long) status);
            out.put("body", text);
            return out;
        }
        if (status >= 500 || status == 429 || status == 408) {
            throw new PraetorException(ErrorCode.TRANSIENT, "webhook endpoint " + name + " answered " + status);
        }
        throw new PraetorException(ErrorCode.VALIDATION, "webhook endpoint " + name + " answered " + status + ": " + text);
    }

    /**
     * Apply returns only after a 2xx, so reaching verify means the endpoint acknowledged the request.
     * The resource is unchanged: the observed properties are the current ones.
     */
    @Override
    public Verification verify(HandlerContext context, PlannedChange plan) {
        return new Verification(true, "webhook endpoint " + endpointName(context) + " acknowledged with a 2xx",
                context.resource().properties());
    }

    /** Nothing to restore: a webhook changes no resource (and a sent message cannot be unsent). */
    @Override
    public Map<String, Object> rollback(HandlerContext context, PlannedChange plan) {
        return Map.of("restored", false, "note", "a webhook changes no resource; the resource is as planned from");
    }

    private String endpointName(HandlerContext context) {
        Object endpoint = context.params().get("endpoint");
        if (endpoint instanceof String name && endpoints.containsKey(name)) return name;
        throw new PraetorException(ErrorCode.VALIDATION, "unknown webhook endpoint " + endpoint
                + " (configured: " + endpoints.keySet() + ")");
    }

    private static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("policy_id", f.policyId());
        m.put("resource_id", f.resourceId());
        m.put("severity", f.severity().wireName());
        m.put("risk_score", f.riskScore());
        m.put("status", f.status().wireName());
        m.put("title", f.title());
        m.put("message", f.message());
        m.put("first_seen", f.firstSeen().toString());
        return m;
    }

    private static Map<String, Object> resource(Resource r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("key", r.key());
        m.put("type", r.type());
        m.put("name", r.name());
        m.put("provider", r.provider());
        m.put("region", r.region());
        m.put("account", r.account());
        m.put("tags", Map.copyOf(r.tags()));
        m.put("properties", r.properties());
        m.put("version", r.version());
        return m;
    }
}
