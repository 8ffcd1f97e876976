package io.praetor.adapters.redis;

import io.praetor.ports.coordination.IdempotencyClaim;
import io.praetor.ports.coordination.IdempotencyRecords;
import io.praetor.ports.coordination.IdempotencyScope;
import io.praetor.ports.coordination.StoredResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.redisson.api.RedissonClient;

/**
 * Idempotency records as Redis hashes shared by every instance: the request hash, the expiry
 * (epoch microseconds of the injected clock) and, once completed, the stored response; a record
 * without a response is the in-flight marker. {@link #claim} is one Lua script, so of concurrent
 * claims exactly one sees the key free. Each claim carries a random id stored with the marker, so a
 * claim the client retries after a lost reply is still {@code Claimed}, not its own {@code InFlight}.
 * The Redis TTL (expiry plus a slack) only collects garbage.
 *
 * <p>Redis keeps nothing on disk here: a restart forgets every record. This adapter is the fast,
 * shared front; the composition that must never forget a key keeps the records in the store too
 * (see the module README). Redis failures throw {@code DEPENDENCY_UNAVAILABLE}, or
 * {@code OUTCOME_UNKNOWN} when a sent script went unanswered.
 */
final class RedisIdempotencyRecords implements IdempotencyRecords {
    private static final String CLAIM = """
            local r = redis.call('HMGET', KEYS[1], 'hash', 'expires', 'response', 'claim')
            if r[1] and tonumber(r[2]) > tonumber(ARGV[1]) then
              if r[1] ~= ARGV[2] then return {'mismatch'} end
              if r[3] then return {'replay', r[3]} end
              if r[4] == ARGV[5] then return {'claimed'} end
              return {'in-flight'}
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'hash', ARGV[2], 'expires', ARGV[3], 'claim', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return {'claimed'}
            """;
    private static final String COMPLETE = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'expires', ARGV[2], 'response', ARGV[3])
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1
            """;
    private static final String RELEASE = """
            if redis.call('HEXISTS', KEYS[1], 'response') == 0 then redis.call('DEL', KEYS[1]) end
            return 1
            """;

    private final LuaScripts scripts;
    private final RedisKeys keys;
    private final InstantSource clock;

    RedisIdempotencyRecords(RedissonClient client, RedisKeys keys, InstantSource clock) {
        this.scripts = new LuaScripts(client);
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    public IdempotencyClaim claim(IdempotencyScope scope, String requestHash, Duration ttl) {
        return claim(scope, requestHash, ttl, UUID.randomUUID().toString());
    }

    /** One claim attempt; the client may send it more than once (retries), always with the same id. */
    IdempotencyClaim claim(IdempotencyScope scope, String requestHash, Duration ttl, String claimId) {
        var now = clock.instant();
        List<Object> reply = scripts.evalList("an idempotency claim", CLAIM, List.of(key(scope)),
                LuaScripts.micros(now), requestHash, LuaScripts.micros(now.plus(ttl)), LuaScripts.gcMillis(ttl), claimId);
        String outcome = LuaScripts.text(reply.get(0));
        return switch (outcome) {
            case "claimed" -> new IdempotencyClaim.Claimed();
            case "in-flight" -> new IdempotencyClaim.InFlight();
            case "mismatch" -> new IdempotencyClaim.Mismatch();
            case "replay" -> new IdempotencyClaim.Replay(StoredResponses.decode((byte[]) reply.get(1)));
            default -> throw new IllegalStateException("unexpected claim reply " + outcome);
        };
    }

    @Override
    public void complete(IdempotencyScope scope, String requestHash, StoredResponse response, Duration ttl) {
        scripts.evalLong("storing an idempotent response", COMPLETE, List.of(key(scope)), requestHash,
                LuaScripts.micros(clock.instant().plus(ttl)), StoredResponses.encode(response), LuaScripts.gcMillis(ttl));
    }

    @Override
    public void release(IdempotencyScope scope) {
        scripts.evalLong("releasing an idempotency claim", RELEASE, List.of(key(scope)));
    }

    private String key(IdempotencyScope scope) {
        return keys.idempotency(scope.tenant(), scope.principal(), scope.key());
    }
}
