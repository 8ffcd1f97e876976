/** Figures of the AI services: how fast the local analyst answers, and the fallback while the model hangs. */
package io.praetor.bench.ai;
