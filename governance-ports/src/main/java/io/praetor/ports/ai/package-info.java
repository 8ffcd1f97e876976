/**
 * The optional AI model, as the domain needs it: chat completions with JSON-schema structured
 * output, tool (function) calls and streamed text. {@link io.praetor.ports.ai.AiClient} is the
 * port; {@code adapters-ai} implements it over the OpenAI-compatible Chat Completions API.
 */
package io.praetor.ports.ai;
