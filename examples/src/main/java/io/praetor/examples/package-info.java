/**
 * Runnable examples of embedding Praetor: {@link io.praetor.examples.EmbeddedScan} (import an
 * inventory and list findings) and {@link io.praetor.examples.WebhookRemediation} (the whole
 * detect → decide → act → evidence loop with the webhook handler).
 */
package io.praetor.examples;
