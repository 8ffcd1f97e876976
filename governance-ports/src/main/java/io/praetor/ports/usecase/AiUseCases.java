package io.praetor.ports.usecase;

import io.praetor.ports.InputIssue;
import io.praetor.ports.Principal;
import io.praetor.ports.metrics.GovernanceMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * AI and assistant (API.md "AI and assistant"). Every answer says who gave it: the AI model or the
 * local analyst. None of these fails because the model is slow, down or talks nonsense — the local
 * analyst answers instead; they fail only on bad input (VALIDATION) or a missing role (FORBIDDEN).
 * Everything is read for the caller's tenant only.
 */
public interface AiUseCases {
    /** Narrative, ranked risks and suggested actions for the findings in scope. */
    Analysis analyse(Principal principal, AnalysisScope scope);

    /**
     * A policy from a natural-language prompt, compiled and run on sample resources of its type
     * before it is returned; nothing is stored.
     */
    PolicyDraft generatePolicy(Principal principal, String prompt, Optional<String> resourceType);

    /** The compliance-score forecast and the pairs likeliest to open a finding next. */
    Predictions predictions(Principal principal);

    /**
     * The assistant's answer to a conversation; {@code onText} receives the reply's text piece by
     * piece as it is produced (the whole reply is also in the result).
     */
    AssistantReply chat(Principal principal, List<ChatMessage> messages, Consumer<String> onText);

    /** Who answered. */
    enum Source {
        AI("ai"), LOCAL("local");

        private final String wireName;

        Source(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    record AnalysisScope(Optional<String> policyId, Optional<String> resourceType, List<String> findingIds) {
        public AnalysisScope {
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(resourceType);
            findingIds = List.copyOf(findingIds);
        }
    }

    /** One ranked risk: of a finding or, when the model ranks a resource, of a resource. */
    record Risk(Optional<String> findingId, Optional<String> resourceId, double score, String reason) {
        public Risk {
            Objects.requireNonNull(findingId);
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(reason);
            if (findingId.isEmpty() && resourceId.isEmpty()) throw new IllegalArgumentException("a risk names a finding or a resource");
        }
    }

    /** A remediation worth running; {@code actionId} is set when a dry-run action was created for it. */
    record SuggestedAction(String findingId, String handler, Optional<String> actionId) {
        public SuggestedAction {
            Objects.requireNonNull(findingId);
            Objects.requireNonNull(handler);
            Objects.requireNonNull(actionId);
        }
    }

    record Analysis(String narrative, List<Risk> risks, List<SuggestedAction> suggestedActions, Source source) {
        public Analysis {
            Objects.requireNonNull(narrative);
            risks = List.copyOf(risks);
            suggestedActions = List.copyOf(suggestedActions);
            Objects.requireNonNull(source);
        }
    }

    /**
     * A generated policy: its YAML, whether it compiles (and why not), the ids of the sample
     * resources it flags, and how many repairs the model needed.
     */
    record PolicyDraft(String policyYaml, boolean compiles, List<InputIssue> errors, List<String> matchesOnSamples,
                       int samples, int repairs, Source source) {
        public PolicyDraft {
            Objects.requireNonNull(policyYaml);
            errors = List.copyOf(errors);
            matchesOnSamples = List.copyOf(matchesOnSamples);
            Objects.requireNonNull(source);
        }
    }

    record AtRisk(String resourceId, String policyId, double probability, String reason) {
        public AtRisk {
            Objects.requireNonNull(resourceId);
            Objects.requireNonNull(policyId);
            Objects.requireNonNull(reason);
        }
    }

    record Predictions(GovernanceMetrics.Forecast forecast, List<AtRisk> atRisk, Source source) {
        public Predictions {
            Objects.requireNonNull(forecast);
            atRisk = List.copyOf(atRisk);
            Objects.requireNonNull(source);
        }
    }

    /** One turn the caller sends: {@code role} is user or assistant. */
    record ChatMessage(String role, String content) {
        public ChatMessage {
            Objects.requireNonNull(role);
            Objects.requireNonNull(content);
        }
    }

    record AssistantReply(String reply, List<String> citations, List<SuggestedAction> suggestedActions, Source source) {
        public AssistantReply {
            Objects.requireNonNull(reply);
            citations = List.copyOf(citations);
            suggestedActions = List.copyOf(suggestedActions);
            Objects.requireNonNull(source);
        }
    }
}
