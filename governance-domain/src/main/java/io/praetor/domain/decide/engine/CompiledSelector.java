package io.praetor.domain.decide.engine;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** A compiled exemption selector. Immutable and thread-safe. */
public final class CompiledSelector {
    private final String expression;
    private final CelRuntime.Program program;

    CompiledSelector(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
    }

    public String expression() {
        return expression;
    }

    /** Whether the selector holds for the resource; an evaluation error matches nothing. */
    public boolean matches(ResourceActivation resource, Instant now) {
        try {
            Object v = program.eval(name -> switch (name) {
                case "resource" -> Optional.of(resource.value());
                case "now" -> Optional.of(now);
                case "params" -> Optional.of(Map.of());
                default -> Optional.empty();
            });
            return Boolean.TRUE.equals(v);
        } catch (CelEvaluationException | RuntimeException e) {
            return false;
        }
    }
}
