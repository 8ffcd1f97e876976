package io.praetor.ports.usecase;

import io.praetor.ports.Principal;
import io.praetor.ports.evidence.EvidenceRef;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/** Evidence reads for the API: blob listings and contents, and an action's offline-verifiable bundle. */
public interface EvidenceUseCases {
    /** The tenant's blobs, of one action when {@code actionId} is given. */
    List<EvidenceRef> evidence(Principal principal, Optional<String> actionId);

    /** One blob's reference and bytes; NOT_FOUND when absent (or another tenant's). */
    Blob blob(Principal principal, String sha256);

    /** Writes the action's evidence bundle (a zip) to {@code out}; NOT_FOUND when the action is absent. */
    void writeBundle(Principal principal, String actionId, OutputStream out);

    /** Builds the action's bundle and checks it as {@code praetor bundle verify} would, against the server's key. */
    BundleCheck verifyBundle(Principal principal, String actionId);

    /** A blob with its reference (media type, name). */
    record Blob(EvidenceRef ref, byte[] content) {
        public Blob {
            java.util.Objects.requireNonNull(ref);
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** {@code {ok, problems}}: every part of a bundle that does not match, in words. */
    record BundleCheck(boolean ok, List<String> problems) {
        public BundleCheck {
            problems = List.copyOf(problems);
        }
    }
}
