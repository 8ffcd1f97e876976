/**
 * AI services with local fallbacks: deep analyses, policy generation (generate → compile → repair),
 * predictions and the assistant with its read-only tools. The domain decides what is sent to the
 * model (redacted, token-budgeted summaries), checks what comes back against real findings and
 * resources, and wraps every model call in a Failsafe timeout, circuit breaker and bulkhead; when
 * the model is absent, slow, down or talks nonsense the local analyst answers. Entry point:
 * {@link io.praetor.domain.ai.AiService}. No AI call is on the path of detect, decide or act.
 */
package io.praetor.domain.ai;
