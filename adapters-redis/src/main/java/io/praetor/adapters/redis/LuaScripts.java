package io.praetor.adapters.redis;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisResponseTimeoutException;
import org.redisson.client.codec.ByteArrayCodec;

/**
 * Runs the adapters' Lua scripts (each one atomic on the server; sent as EVALSHA once cached) with
 * raw byte arguments and replies, and turns Redisson's exceptions into {@link PraetorException}s.
 * Times travel as whole epoch microseconds: exact in Lua's doubles until the year 2255.
 */
final class LuaScripts {
    /**
     * Redis TTLs only collect garbage; expiry is decided by the injected clock. The slack keeps a
     * record alive a little past its clock expiry, so skew between instances never loses one early.
     */
    static final Duration GC_SLACK = Duration.ofMinutes(1);

    private final RScript script;

    LuaScripts(RedissonClient client) {
        this.script = client.getScript(ByteArrayCodec.INSTANCE);
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    /** Milliseconds of a Redis TTL for something that expires {@code ttl} from now, plus the slack. */
    static long gcMillis(Duration ttl) {
        return Math.max(1, ttl.toMillis()) + GC_SLACK.toMillis();
    }

    /** Runs a script whose reply is an integer. */
    long evalLong(String what, String lua, List<String> keys, Object... args) {
        Object reply = eval(what, lua, RScript.ReturnType.LONG, keys, args);
        return reply == null ? 0 : (Long) reply;
    }

    /** Runs a script whose reply is a list; bulk strings arrive as {@code byte[]}, integers as {@code Long}. */
    List<Object> evalList(String what, String lua, List<String> keys, Object... args) {
        List<?> reply = eval(what, lua, RScript.ReturnType.LIST, keys, args);
        return reply == null ? List.of() : new ArrayList<>(reply);
    }

    private <R> R eval(String what, String lua, RScript.ReturnType type, List<String> keys, Object... args) {
        Object[] encoded = new Object[args.length];
        for (int i = 0; i < args.length; i++) encoded[i] = bytes(args[i]);
        try {
            return script.eval(RScript.Mode.READ_WRITE, lua, type, new ArrayList<>(keys), encoded);
        } catch (RedisResponseTimeoutException e) {
            // the script was sent: it may have run
            throw new PraetorException(ErrorCode.OUTCOME_UNKNOWN, "Redis did not answer " + what + " in time", e);
        } catch (RedisConnectionException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Redis is unreachable: " + what + " not done", e);
        } catch (RedisException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "Redis failed " + what + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(Object arg) {
        return switch (arg) {
            case byte[] b -> b;
            case String s -> s.getBytes(StandardCharsets.UTF_8);
            case Long l -> Long.toString(l).getBytes(StandardCharsets.US_ASCII);
            default -> throw new IllegalArgumentException("unsupported script argument " + arg.getClass());
        };
    }

    static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }
}
