/**
 * Redis (Redisson) adapters for the coordination ports: a best-effort {@code Cache}, a shared
 * {@code RateLimiter}, {@code IdempotencyRecords} and {@code Locks} with fencing tokens. Entry point:
 * {@link io.praetor.adapters.redis.RedisAdapters#connect}; time always comes from the injected clock.
 */
package io.praetor.adapters.redis;
