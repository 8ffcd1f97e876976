package io.praetor.ports.ai;

import java.util.function.Consumer;

/**
 * A chat-completion model (an OpenAI-compatible service, or any other). Every call is bounded by
 * the request's timeout. A timeout, an unreachable service, a 4xx/5xx answer or a reply that is
 * not the protocol's JSON is a {@link io.praetor.ports.PraetorException} with
 * {@code DEPENDENCY_UNAVAILABLE}; the domain then falls back to its local analyst. The adapter
 * does not retry and keeps no breaker: the domain wraps every call in its own timeout, circuit
 * breaker and bulkhead. Thread-safe; an interrupted call ends promptly.
 */
public interface AiClient {
    /** One completion; the reply carries text, tool calls, or both. */
    AiReply complete(AiRequest request);

    /**
     * Like {@link #complete}, streamed: {@code onChunk} gets each piece of text as it arrives, in
     * order, on the calling thread; the returned reply is the whole answer (text and tool calls
     * assembled from the chunks).
     */
    AiReply stream(AiRequest request, Consumer<String> onChunk);

    /** The model's name, for logs and readiness. */
    String model();
}
