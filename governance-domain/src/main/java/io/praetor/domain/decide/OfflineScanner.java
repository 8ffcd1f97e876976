package io.praetor.domain.decide;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.domain.decide.engine.PolicyOutcome;
import io.praetor.domain.decide.engine.ResourceActivation;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.policy.Severity;
import io.praetor.ports.usecase.ScanResult;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code praetor scan}: evaluates policies over a stream of resources with no server and no
 * stores. Resources are read one at a time (files of any size); only findings and errors are kept.
 * Every finding of an offline scan is new, so {@code findings_opened} counts them and
 * {@code findings_resolved} is 0. Not thread-safe per call; the engine may be shared.
 */
public final class OfflineScanner {
    private static final JsonFactory JSON = JsonFactory.builder().disable(com.fasterxml.jackson.core.StreamWriteFeature.AUTO_CLOSE_TARGET).build();
    private static final int MAX_ERROR_SAMPLES = 20;

    private final PolicyEngine engine;

    public OfflineScanner(PolicyEngine engine) {
        this.engine = engine;
    }

    public record FindingLine(String policyId, String resourceId, Severity severity, String message) {
        public FindingLine {
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(severity);
            Objects.requireNonNull(message);
        }
    }

    /** The {@code --json} document: the POST /scans summary, the findings and every error. */
    public record Report(ScanResult summary, List<FindingLine> findings, List<ScanResult.EvaluationError> errors) {
        public Report {
            Objects.requireNonNull(summary);
            findings = List.copyOf(findings);
            errors = List.copyOf(errors);
        }

        /** Whether a finding is at least as severe as {@code threshold} (for {@code --fail-on}). */
        public boolean hasFindingAtLeast(Severity threshold) {
            return findings.stream().anyMatch(f -> f.severity().compareTo(threshold) <= 0);
        }
    }

    public Report scan(Iterator<Resource> resources, Instant now) {
        long started = System.nanoTime();
        long count = 0;
        long evaluations = 0;
        List<FindingLine> findings = new ArrayList<>();
        List<ScanResult.EvaluationError> errors = new ArrayList<>();
        while (resources.hasNext()) {
            Resource r = resources.next();
            count++;
            if (engine.policiesFor(r.type()).isEmpty()) continue;
            for (PolicyEngine.Evaluation e : engine.evaluate(ResourceActivation.of(r), now)) {
                switch (e.outcome()) {
                    case PolicyOutcome.OutOfScope o -> { }
                    case PolicyOutcome.Pass p -> evaluations++;
                    case PolicyOutcome.Violation v -> {
                        evaluations++;
                        findings.add(new FindingLine(e.policy().id(), r.id(), e.policy().policy().severity(), v.message()));
                    }
                    case PolicyOutcome.Error err -> {
                        evaluations++;
                        errors.add(new ScanResult.EvaluationError(e.policy().id(), r.id(), err.message()));
                    }
                }
            }
        }
        long durationMs = (System.nanoTime() - started) / 1_000_000;
        ScanResult summary = new ScanResult("scan-" + UUID.randomUUID(), count, engine.size(), evaluations, findings.size(),
                0, errors.size(), errors.subList(0, Math.min(MAX_ERROR_SAMPLES, errors.size())), durationMs);
        return new Report(summary, findings, errors);
    }

    /** Writes the report as OPERATIONS.md's {@code --json} shape. */
    public static void writeJson(Report report, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            ScanResult s = report.summary();
            g.writeStartObject();
            g.writeObjectFieldStart("summary");
            g.writeStringField("scan_id", s.scanId());
            g.writeNumberField("resources", s.resources());
            g.writeNumberField("policies", s.policies());
            g.writeNumberField("evaluations", s.evaluations());
            g.writeNumberField("findings_opened", s.findingsOpened());
            g.writeNumberField("findings_resolved", s.findingsResolved());
            g.writeNumberField("errors", s.errors());
            g.writeArrayFieldStart("error_samples");
            for (ScanResult.EvaluationError e : s.errorSamples()) writeError(g, e);
            g.writeEndArray();
            g.writeNumberField("duration_ms", s.durationMs());
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (FindingLine f : report.findings()) {
                g.writeStartObject();
                g.writeStringField("policy_id", f.policyId());
                g.writeStringField("resource_id", f.resourceId());
                g.writeStringField("severity", f.severity().wireName());
                g.writeStringField("message", f.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("errors");
            for (ScanResult.EvaluationError e : report.errors()) writeError(g, e);
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void writeError(JsonGenerator g, ScanResult.EvaluationError e) throws IOException {
        g.writeStartObject();
        g.writeStringField("policy_id", e.policyId());
        g.writeStringField("resource_id", e.resourceId());
        g.writeStringField("message", e.message());
        g.writeEndObject();
    }
}
