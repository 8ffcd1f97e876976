package io.praetor.domain.evidence;

import java.util.List;

/** The outcome of checking a bundle ({@code {ok, problems}}): every part that does not match, in words. */
public record BundleVerification(boolean ok, List<String> problems) {
    public BundleVerification {
        problems = List.copyOf(problems);
    }

    public static BundleVerification of(List<String> problems) {
        return new BundleVerification(problems.isEmpty(), problems);
    }
}
