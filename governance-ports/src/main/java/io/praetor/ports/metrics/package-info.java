/** Governance metrics (the shape of {@code GET /metrics}) and the daily snapshots behind their trend. */
package io.praetor.ports.metrics;
