/**
 * The praetor executable: {@link io.praetor.server.PraetorMain} starts the picocli command line;
 * configuration and wiring of adapters live here and nowhere else.
 */
package io.praetor.server;
