package io.praetor.adapters.redis;

import io.praetor.ports.coordination.RateDecision;
import io.praetor.ports.coordination.RateLimit;
import io.praetor.ports.coordination.RateLimiter;
import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.redisson.api.RedissonClient;

/**
 * Token buckets shared by every instance, kept as one integer per key: the generic cell rate
 * algorithm's theoretical arrival time (the time at which the bucket is full again). A request
 * costs one emission interval {@code period / permits}; it is allowed while the arrival time stays
 * within one period of now. One Lua script reads and moves it atomically, with now taken from the
 * injected clock. A key whose bucket is full again has no state, so its Redis TTL ends there.
 *
 * <p>The interval is rounded up to whole microseconds and the burst window is {@code permits}
 * intervals, so a limit is never looser than asked. A Redis failure throws
 * {@code DEPENDENCY_UNAVAILABLE}, at once while the instance's {@link RedisCircuit} is open; whether
 * to fail open is the caller's choice.
 */
final class RedisRateLimiter implements RateLimiter {
    private static final String TAKE = """
            local now = tonumber(ARGV[1])
            local interval = tonumber(ARGV[2])
            local window = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or ARGV[1])
            if tat < now then tat = now end
            local nextTat = tat + interval
            if nextTat - now > window then
              return {0, nextTat - now - window}
            end
            local gcMillis = math.ceil((nextTat - now) / 1000) + tonumber(ARGV[4])
            redis.call('SET', KEYS[1], string.format('%.0f', nextTat), 'PX', string.format('%.0f', gcMillis))
            return {1, math.floor((window - (nextTat - now)) / interval)}
            """;

    private final LuaScripts scripts;
    private final RedisKeys keys;
    private final InstantSource clock;
    private final RedisCircuit circuit;

    RedisRateLimiter(RedissonClient client, RedisKeys keys, InstantSource clock, RedisCircuit circuit) {
        this.scripts = new LuaScripts(client);
        this.keys = keys;
        this.clock = clock;
        this.circuit = circuit;
    }

    @Override
    public RateDecision tryAcquire(String key, RateLimit limit) {
        long periodMicros = Math.max(1, LuaScripts.micros(limit.period()));
        long interval = Math.max(1, Math.ceilDiv(periodMicros, limit.permits()));
        long window = Math.multiplyExact(interval, limit.permits());
        List<Object> reply = circuit.call("a rate-limit check", () -> scripts.evalList("a rate-limit check", TAKE,
                List.of(keys.rate(key)), LuaScripts.micros(clock.instant()), interval, window, LuaScripts.GC_SLACK.toMillis()));
        long verdict = (Long) reply.get(0);
        long value = (Long) reply.get(1);
        return verdict == 1
                ? new RateDecision.Allowed(value)
                : new RateDecision.Limited(Duration.of(Math.max(1, value), ChronoUnit.MICROS));
    }
}
