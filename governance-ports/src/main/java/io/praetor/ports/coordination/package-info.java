/**
 * Coordination between threads and instances: leases with fencing tokens, idempotency records,
 * rate limits and a cache.
 */
package io.praetor.ports.coordination;
