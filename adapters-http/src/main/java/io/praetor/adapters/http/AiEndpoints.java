package io.praetor.adapters.http;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.usecase.AiUseCases;
import io.praetor.ports.usecase.AiUseCases.AssistantReply;
import io.praetor.ports.usecase.AiUseCases.ChatMessage;
import io.praetor.ports.usecase.AiUseCases.SuggestedAction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /ai/*} and {@code /assistant/chat} (API.md "AI and assistant"). The assistant streams its
 * reply as {@code event: token} ({@code {text}}) events and a final {@code event: done} carrying
 * the whole response when the caller accepts {@code text/event-stream}; the body is checked before
 * the stream opens, so bad input is still a problem+json.
 */
final class AiEndpoints {
    private final AiUseCases ai;

    AiEndpoints(AiUseCases ai) {
        this.ai = ai;
    }

    Reply analyses(Call c) {
        Map<String, Object> body = c.json();
        Map<String, Object> scope = Fields.object(body, "scope");
        List<String> ids = new ArrayList<>();
        Object raw = scope.get("finding_ids");
        if (raw != null) {
            if (!(raw instanceof List<?> l)) throw invalid("/scope/finding_ids", "must be a list of finding ids");
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof String s) || s.isBlank()) throw invalid("/scope/finding_ids/" + i, "must be a finding id");
                ids.add(s);
            }
        }
        var analysis = ai.analyse(c.principal(), new AiUseCases.AnalysisScope(scopeString(scope, "policy_id"),
                scopeString(scope, "resource_type"), ids));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("narrative", analysis.narrative());
        m.put("risks", analysis.risks().stream().map(r -> {
            Map<String, Object> x = new LinkedHashMap<>();
            r.findingId().ifPresent(id -> x.put("finding_id", id));
            r.resourceId().ifPresent(id -> x.put("resource_id", id));
            x.put("score", r.score());
            x.put("reason", r.reason());
            return x;
        }).toList());
        m.put("suggested_actions", analysis.suggestedActions().stream().map(AiEndpoints::suggested).toList());
        m.put("source", analysis.source().wireName());
        return Reply.ok(m);
    }

    private static Optional<String> scopeString(Map<String, Object> scope, String name) {
        Object v = scope.get(name);
        if (v == null) return Optional.empty();
        if (!(v instanceof String s) || s.isBlank()) throw invalid("/scope/" + name, "must be a non-empty string");
        return Optional.of(s);
    }

    Reply generate(Call c) {
        Map<String, Object> body = c.json();
        String prompt = Fields.string(body, "prompt");
        var d = ai.generatePolicy(c.principal(), prompt, Fields.optString(body, "resource_type").filter(s -> !s.isBlank()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy_yaml", d.policyYaml());
        m.put("compiles", d.compiles());
        m.put("errors", Problems.body("validation", 422, "", "", d.errors()).getOrDefault("errors", List.of()));
        m.put("matches_on_samples", d.matchesOnSamples());
        m.put("samples", d.samples());
        m.put("repairs", d.repairs());
        m.put("source", d.source().wireName());
        return Reply.ok(m);
    }

    Reply predictions(Call c) {
        var p = ai.predictions(c.principal());
        Map<String, Object> forecast = new LinkedHashMap<>();
        forecast.put("horizon_days", p.forecast().horizonDays());
        forecast.put("points", p.forecast().points().stream().map(x -> Map.of("date", x.date().toString(),
                "compliance_score", x.complianceScore(), "low", x.low(), "high", x.high())).toList());
        forecast.put("source", p.forecast().source());
        p.forecast().reason().ifPresent(r -> forecast.put("reason", r));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("forecast", forecast);
        m.put("at_risk", p.atRisk().stream().map(a -> Map.of("resource_id", a.resourceId(), "policy_id", a.policyId(),
                "probability", a.probability(), "reason", a.reason())).toList());
        m.put("source", p.source().wireName());
        return Reply.ok(m);
    }

    Reply chat(Call c) {
        Principal principal = c.principal();
        List<ChatMessage> messages = messages(c.json());
        String accept = c.ctx().header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            return Reply.ok(view(ai.chat(principal, messages, t -> { })));
        }
        return new Reply.Streamed(200, "text/event-stream", Map.of("Cache-Control", "no-cache", "X-Accel-Buffering", "no"), out -> {
            try {
                AssistantReply reply = ai.chat(principal, messages, text -> event(out, "token", Json.writeString(Map.of("text", text))));
                event(out, "done", Json.writeString(view(reply)));
            } catch (PraetorException e) {
                // the stream is open: the problem goes in an event of its own
                event(out, "error", Json.writeString(Problems.body(e.code().slug(), Problems.status(e.code()), e.getMessage(), "/api/v1/assistant/chat", e.issues())));
            } catch (UncheckedIOException clientGone) {
                // the client went away mid-reply
            }
        });
    }

    private static void event(OutputStream out, String type, String json) {
        try {
            out.write(("event: " + type + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The conversation as sent, checked here so a stream never opens on bad input. */
    private static List<ChatMessage> messages(Map<String, Object> body) {
        Object raw = body.get("messages");
        if (!(raw instanceof List<?> list) || list.isEmpty()) throw invalid("/messages", "must be a non-empty list of {role, content}");
        List<ChatMessage> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) throw invalid("/messages/" + i, "must be an object {role, content}");
            if (!(m.get("role") instanceof String role) || !(role.equals("user") || role.equals("assistant"))) {
                throw invalid("/messages/" + i + "/role", "must be user or assistant");
            }
            if (!(m.get("content") instanceof String content)) throw invalid("/messages/" + i + "/content", "must be a string");
            out.add(new ChatMessage(role, content));
        }
        if (!out.get(out.size() - 1).role().equals("user")) {
            throw invalid("/messages/" + (out.size() - 1) + "/role", "the last message must be the user's");
        }
        return out;
    }

    private static Map<String, Object> view(AssistantReply r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reply", r.reply());
        m.put("citations", r.citations());
        m.put("suggested_actions", r.suggestedActions().stream().map(AiEndpoints::suggested).toList());
        m.put("source", r.source().wireName());
        return m;
    }

    private static Map<String, Object> suggested(SuggestedAction s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finding_id", s.findingId());
        m.put("handler", s.handler());
        s.actionId().ifPresent(id -> {
            m.put("action_id", id);
            m.put("dry_run", true);
        });
        return m;
    }

    private static PraetorException invalid(String pointer, String message) {
        return new PraetorException(ErrorCode.VALIDATION, pointer.substring(1).replace('/', '.') + " " + message,
                List.of(InputIssue.pointer(pointer, message)));
    }
}
