/**
 * The {@code http.webhook} action handler: {@link io.praetor.adapters.webhook.WebhookActionHandler}
 * posts an action's finding, resource and plan to an endpoint named in {@code PRAETOR_WEBHOOKS}
 * ({@link io.praetor.adapters.webhook.WebhookEndpoints} parses it). For ticketing and chat-ops.
 */
package io.praetor.adapters.webhook;
