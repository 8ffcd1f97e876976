/**
 * The {@link io.praetor.ports.ai.AiClient} port on any OpenAI-compatible Chat Completions service
 * (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp server, …). Entry point: {@link
 * io.praetor.adapters.ai.AiAdapters#openAiCompatible}.
 */
package io.praetor.adapters.ai;
