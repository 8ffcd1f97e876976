package io.praetor.adapters.redis;

import io.praetor.ports.TenantId;
import io.praetor.ports.coordination.Lease;
import io.praetor.ports.coordination.Locks;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.redisson.api.RedissonClient;

/**
 * Leases as Redis hashes (owner, fencing token, expiry in epoch microseconds of the injected clock)
 * beside one counter per name that only {@code INCR} touches, so every lease of a name gets a
 * greater token than all before it, across releases and takeovers. Each operation is one Lua script
 * judged against the caller's "now", so an instance whose lease has expired by the clock loses it
 * whatever Redis's own timers say; the lease's Redis TTL (expiry plus a slack) only collects garbage.
 *
 * <p>The counters have no TTL but live only in Redis memory: a Redis that restarts empty starts them
 * at 1 again. Fencing that must survive that anchors the tokens in the store (see the module README).
 */
final class RedisLocks implements Locks {
    private static final String ACQUIRE = """
            local cur = redis.call('HMGET', KEYS[1], 'owner', 'expires')
            if cur[1] and tonumber(cur[2]) > tonumber(ARGV[1]) and cur[1] ~= ARGV[2] then return 0 end
            local token = redis.call('INCR', KEYS[2])
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'token', string.format('%.0f', token), 'expires', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return token
            """;
    private static final String RENEW = """
            local cur = redis.call('HMGET', KEYS[1], 'token', 'expires')
            if cur[1] == ARGV[2] and tonumber(cur[2]) > tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'expires', ARGV[3])
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
              return 1
            end
            return 0
            """;
    private static final String RELEASE = """
            if redis.call('HGET', KEYS[1], 'token') == ARGV[1] then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    private final LuaScripts scripts;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisLocks(RedissonClient client, RedisKeys keys, InstantSource clock) {
        this.scripts = new LuaScripts(client);
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public Optional<Lease> tryAcquire(TenantId tenant, String name, String owner, Duration ttl) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        long token = scripts.evalLong("acquiring a lease", ACQUIRE,
                List.of(keys.lease(tenant, name), keys.fence(tenant, name)),
                LuaScripts.micros(now), owner, LuaScripts.micros(expiresAt), LuaScripts.gcMillis(ttl));
        return token == 0 ? Optional.empty() : Optional.of(new Lease(tenant, name, owner, token, expiresAt));
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        long renewed = scripts.evalLong("renewing a lease", RENEW, List.of(keys.lease(lease.tenant(), lease.name())),
                LuaScripts.micros(now), lease.fencingToken(), LuaScripts.micros(expiresAt), LuaScripts.gcMillis(ttl));
        return renewed == 1
                ? Optional.of(new Lease(lease.tenant(), lease.name(), lease.owner(), lease.fencingToken(), expiresAt))
                : Optional.empty();
    }

    @Override
    public void release(Lease lease) {
        scripts.evalLong("releasing a lease", RELEASE, List.of(keys.lease(lease.tenant(), lease.name())),
                lease.fencingToken());
    }
}
