/** Loopback load on the HTTP server with embedded defaults: metrics latency, SSE fan-out latency, start-up and RSS. */
package io.praetor.bench.server;
