/** The optional AI service, as the domain needs it: chat completions with structured output and tools. */
package io.praetor.ports.ai;
