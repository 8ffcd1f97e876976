package io.praetor.ports.ai;

import java.util.function.Consumer;

/**
 * An AI completion service. Every call is bounded by the request's timeout; a timeout, an open
 * circuit or an unreachable service is a {@link io.praetor.ports.PraetorException} with
 * {@code DEPENDENCY_UNAVAILABLE}, on which the domain falls back to its local analyst.
 * Thread-safe.
 */
public interface AiClient {
    AiReply complete(AiRequest request);

    /** Like {@link #complete}, calling {@code onToken} with each piece of text as it arrives. */
    AiReply stream(AiRequest request, Consumer<String> onToken);
}
