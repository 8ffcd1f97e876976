/**
 * Dagger 2 wiring: {@link io.praetor.server.wiring.ServerComponent} chooses the adapters from
 * {@link io.praetor.server.config.PraetorConfig}, builds the {@link io.praetor.Praetor} facade and the
 * HTTP API, and hands out a {@link io.praetor.server.wiring.PraetorServer} to start.
 */
package io.praetor.server.wiring;
