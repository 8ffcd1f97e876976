package io.praetor.adapters.http;

import com.google.common.base.Ticker;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.praetor.ports.Principal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Tokens that passed the full verification, so that the same bearer token presented again skips
 * the signature check (an ES256 verification is the largest CPU cost of a cached {@code GET /metrics}).
 * Only successes are kept, keyed by the SHA-256 of the exact token text: a token that differs in a
 * single character (a tampered payload or signature) has another key, misses, and is verified in full.
 *
 * <p>An entry is served only while the token itself would still pass: after {@code nbf} and before
 * {@code exp}, with the verifier's clock skew, judged by the injected clock. It is also forgotten
 * {@link #MAX_LIFETIME} after it was verified, whatever its {@code exp}: that bounds how long a token
 * signed by a key the issuer has since removed from its JWKS (or a trusted issuer's key rotated away)
 * is still accepted. At most {@code maxEntries} tokens are kept (least recently used go first), so a
 * flood of distinct valid tokens costs bounded memory. Thread-safe.
 */
final class VerifiedTokens {
    /** How long a verification is trusted without being done again. */
    static final Duration MAX_LIFETIME = Duration.ofSeconds(60);
    static final long DEFAULT_MAX_ENTRIES = 10_000;

    private final Cache<TokenDigest, Verified> entries;
    private final InstantSource clock;
    private final Duration clockSkew;
    private final LongAdder served = new LongAdder();

    /** What a successful verification established, and the window in which it holds. */
    record Verified(Principal principal, Optional<Instant> notBefore, Instant expires) {}

    /** SHA-256 of the token text, as four longs (cheap equals and hash, no copy of the token kept). */
    private record TokenDigest(long a, long b, long c, long d) {
        static TokenDigest of(String token) {
            MessageDigest sha;
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK always has SHA-256", e);
            }
            ByteBuffer digest = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
            return new TokenDigest(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
        }
    }

    VerifiedTokens(long maxEntries, InstantSource clock, Duration clockSkew) {
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.entries = CacheBuilder.newBuilder()
                .maximumSize(maxEntries)
                .expireAfterWrite(MAX_LIFETIME.toNanos(), TimeUnit.NANOSECONDS)
                // the lifetime is judged by the same clock as exp and nbf, so a test can move it
                .ticker(new Ticker() {
                    @Override
                    public long read() {
                        Instant now = clock.instant();
                        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
                    }
                })
                .build();
    }

    /** The principal of {@code token} if it was verified within {@link #MAX_LIFETIME} and is still within its validity now. */
    Optional<Principal> lookUp(String token) {
        TokenDigest key = TokenDigest.of(token);
        Verified v = entries.getIfPresent(key);
        if (v == null) return Optional.empty();
        Instant now = clock.instant();
        boolean expired = !now.isBefore(v.expires().plus(clockSkew));
        boolean early = v.notBefore().map(nbf -> now.isBefore(nbf.minus(clockSkew))).orElse(false);
        if (expired || early) {
            // full verification decides (and rejects) from here on
            entries.invalidate(key);
            return Optional.empty();
        }
        served.increment();
        return Optional.of(v.principal());
    }

    void remember(String token, Verified verified) {
        entries.put(TokenDigest.of(token), verified);
    }

    /** How many look-ups were answered from here (each one a signature check saved). */
    long served() {
        return served.sum();
    }

    long size() {
        return entries.size();
    }
}
