package io.praetor.domain.ai;

import io.praetor.domain.decide.LocalAnalyst;
import io.praetor.ports.PageRequest;
import io.praetor.ports.Principal;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionQuery;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.finding.Finding;
import io.praetor.ports.finding.FindingQuery;
import io.praetor.ports.finding.FindingStatus;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.AiUseCases.AssistantReply;
import io.praetor.ports.usecase.AiUseCases.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The assistant without a model: a fixed set of questions — posture, top risks, findings of a
 * resource type, what changed, what is awaiting approval — recognised by their words and answered
 * from the read use cases; anything else gets the posture and the list of questions it knows.
 */
final class LocalAssistant {
    private static final Pattern RESOURCE_TYPE = Pattern.compile("\\b([a-z0-9]+(?:\\.[a-z0-9-]+){2,})\\b");
    private static final int LIST = 5;

    enum Question { POSTURE, TOP_RISKS, FINDINGS_OF_TYPE, WHAT_CHANGED, AWAITING_APPROVAL, UNKNOWN }

    private final AiService.Reads reads;
    private final InstantSource clock;

    LocalAssistant(AiService.Reads reads, InstantSource clock) {
        this.reads = reads;
        this.clock = clock;
    }

    static Question classify(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.matches("(?s).*\\b(approv\\w*|awaiting|waiting|pending)\\b.*")) return Question.AWAITING_APPROVAL;
        if (RESOURCE_TYPE.matcher(t).find()) return Question.FINDINGS_OF_TYPE;
        if (t.matches("(?s).*\\b(chang\\w*|new|recent\\w*|lately|since|today|yesterday)\\b.*")) return Question.WHAT_CHANGED;
        if (t.matches("(?s).*\\b(risk\\w*|worst|top|priorit\\w*|urgent|critical|dangerous)\\b.*")) return Question.TOP_RISKS;
        if (t.matches("(?s).*\\b(posture|score|compliance|compliant|overview|summary|status|how\\s+(am|are)|doing)\\b.*")) {
            return Question.POSTURE;
        }
        return Question.UNKNOWN;
    }

    AssistantReply answer(Principal principal, String question, Consumer<String> onText) {
        Set<String> cited = new LinkedHashSet<>();
        String reply = switch (classify(question)) {
            case POSTURE -> posture(principal);
            case TOP_RISKS -> topRisks(principal, cited);
            case FINDINGS_OF_TYPE -> findingsOfType(principal, question, cited);
            case WHAT_CHANGED -> whatChanged(principal, cited);
            case AWAITING_APPROVAL -> awaitingApproval(principal, cited);
            case UNKNOWN -> posture(principal) + "\nWithout an AI service I can answer: how is my posture, what are my top risks, "
                    + "which findings does a resource type (e.g. aws.s3.bucket) have, what changed recently, and what is awaiting approval.";
        };
        // streamed word by word, like a model would
        int start = 0;
        for (int i = 1; i <= reply.length(); i++) {
            if (i == reply.length() || reply.charAt(i) == ' ') {
                onText.accept(reply.substring(start, i));
                start = i;
            }
        }
        return new AssistantReply(reply, List.copyOf(cited), List.of(), Source.LOCAL);
    }

    private String posture(Principal principal) {
        GovernanceMetrics m = reads.metrics().metrics(principal, Duration.ofDays(30), false);
        List<String> bySeverity = new ArrayList<>();
        m.findingsBySeverity().entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey()).forEach(e -> bySeverity.add(e.getValue() + " " + e.getKey()));
        return "Compliance score " + m.complianceScore() + "% over " + m.resourcesTotal() + " resources and " + m.policiesTotal()
                + " policies; " + m.findingsOpen() + " open findings" + (bySeverity.isEmpty() ? "" : " (" + String.join(", ", bySeverity) + ")")
                + "; " + m.actions().awaitingApproval() + " actions awaiting approval, " + m.actions().failed() + " failed.";
    }

    private String topRisks(Principal principal, Set<String> cited) {
        List<LocalAnalyst.RankedRisk> risks = reads.topRisks(principal, LIST);
        if (risks.isEmpty()) return "There are no open findings: nothing to rank.";
        StringBuilder sb = new StringBuilder("Top risks:");
        int i = 1;
        for (LocalAnalyst.RankedRisk r : risks) {
            sb.append("\n").append(i++).append(". ").append(r.findingId()).append(" — policy ").append(r.policyId()).append(" on ")
                    .append(r.resourceId()).append(", score ").append(r.score()).append(" (").append(r.reason()).append(")");
            cited.add(r.findingId());
        }
        return sb.toString();
    }

    private String findingsOfType(Principal principal, String question, Set<String> cited) {
        Matcher m = RESOURCE_TYPE.matcher(question.toLowerCase(Locale.ROOT));
        m.find();
        String type = m.group(1);
        FindingQuery q = new FindingQuery(Optional.of(FindingStatus.OPEN), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(type), Optional.empty(), Optional.empty(), Map.of(), Optional.of(io.praetor.ports.SortOrder.parse("-risk_score")));
        var page = reads.findings().findings(principal, q, PageRequest.first(LIST));
        if (page.items().isEmpty()) return "No open findings on resources of type " + type + ".";
        StringBuilder sb = new StringBuilder("Open findings on " + type + (page.nextCursor().isPresent() ? " (highest risk first, more exist):" : ":"));
        for (Finding f : page.items()) {
            sb.append("\n- ").append(f.id()).append(": ").append(Redaction.text(f.title())).append(" — ").append(f.resourceId())
                    .append(" (").append(f.severity().wireName()).append(", risk ").append(f.riskScore()).append(")");
            cited.add(f.id());
        }
        return sb.toString();
    }

    private String whatChanged(Principal principal, Set<String> cited) {
        Instant since = clock.instant().minus(Duration.ofDays(1));
        List<Finding> opened = new ArrayList<>();
        List<Finding> resolved = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_LIMIT);
        for (int i = 0; i < 20; i++) {
            var p = reads.findings().findings(principal, FindingQuery.all(), page);
            for (Finding f : p.items()) {
                if (f.status() == FindingStatus.OPEN && !f.firstSeen().isBefore(since)) opened.add(f);
                if (f.resolvedAt().map(t -> !t.isBefore(since)).orElse(false)) resolved.add(f);
            }
            if (p.nextCursor().isEmpty()) break;
            page = new PageRequest(PageRequest.MAX_LIMIT, p.nextCursor());
        }
        StringBuilder sb = new StringBuilder("In the last 24 hours: " + opened.size() + " findings opened, " + resolved.size() + " resolved.");
        opened.stream().limit(LIST).forEach(f -> {
            sb.append("\n- opened ").append(f.id()).append(": ").append(Redaction.text(f.title())).append(" — ").append(f.resourceId());
            cited.add(f.id());
        });
        resolved.stream().limit(LIST).forEach(f -> {
            sb.append("\n- resolved ").append(f.id()).append(": ").append(Redaction.text(f.title())).append(" — ").append(f.resourceId());
            cited.add(f.id());
        });
        return sb.toString();
    }

    private String awaitingApproval(Principal principal, Set<String> cited) {
        List<Action> waiting = new ArrayList<>();
        for (ActionState s : List.of(ActionState.PLANNED, ActionState.APPROVED)) {
            waiting.addAll(reads.actions().actions(principal, new ActionQuery(Optional.of(s), Optional.empty(), Optional.empty()),
                    PageRequest.first(LIST)).items());
        }
        if (waiting.isEmpty()) return "No actions are awaiting approval or a run.";
        StringBuilder sb = new StringBuilder(waiting.size() + " actions are awaiting approval or a run:");
        for (Action a : waiting) {
            sb.append("\n- ").append(a.id()).append(" (").append(a.state().wireName()).append("): ").append(a.handler())
                    .append(" on ").append(a.resourceId()).append(a.dryRun() ? ", dry run" : "");
            a.findingId().ifPresent(cited::add);
        }
        return sb.toString();
    }
}
