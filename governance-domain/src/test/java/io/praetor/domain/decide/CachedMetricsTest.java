package io.praetor.domain.decide;

import static io.praetor.domain.decide.DecideFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.coordination.Cache;
import io.praetor.ports.metrics.GovernanceMetrics;
import io.praetor.ports.usecase.MetricsUseCases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachedMetricsTest {
    private final DecideFixture fx = new DecideFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aHitIsTheSameAnswer_untilATenantEventOrMaxAge() {
        fx.store(bucket("b1", Map.of("v", false)), bucket("b2", Map.of("v", true)));
        fx.put("s3-v", "aws.s3.bucket", "resource.properties.v == false");
        fx.findings.scan(ADMIN);
        AtomicInteger computed = new AtomicInteger();
        MetricsUseCases counting = (p, w, d) -> {
            computed.incrementAndGet();
            return fx.metrics.metrics(p, w, d);
        };
        CachedMetrics cached = new CachedMetrics(counting, fx.adapters.cache(), fx.adapters.tenantEvents(), fx.clock,
                Duration.ofMinutes(1));

        GovernanceMetrics miss = cached.metrics(VIEWER, Duration.ofDays(30), false);
        GovernanceMetrics hit = cached.metrics(VIEWER, Duration.ofDays(30), false);
        assertThat(miss.sources().cache()).isEqualTo("miss");
        assertThat(hit.sources().cache()).isEqualTo("hit");
        assertThat(hit).usingRecursiveComparison().ignoringFields("sources").isEqualTo(miss);
        assertThat(computed).hasValue(1);

        // a finding event invalidates, whoever stored it
        fx.findings.reevaluate(TENANT, fx.store(bucket("b2", Map.of("v", false))), List.of());
        GovernanceMetrics after = cached.metrics(VIEWER, Duration.ofDays(30), false);
        assertThat(after.sources().cache()).isEqualTo("miss");
        assertThat(after.findingsOpen()).isEqualTo(2);
        assertThat(computed).hasValue(2);

        fx.clock.advance(Duration.ofMinutes(2));
        assertThat(cached.metrics(VIEWER, Duration.ofDays(30), false).sources().cache()).isEqualTo("miss");
        assertThat(cached.metrics(VIEWER, Duration.ofDays(7), false).sources().cache()).isEqualTo("miss");
        assertThat(cached.metrics(VIEWER, Duration.ofDays(30), true).sources().cache()).isEqualTo("none");
    }

    @Test
    void concurrentMisses_shareOneComputation() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MetricsUseCases slow = (p, w, d) -> {
            computed.incrementAndGet();
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return fx.metrics.metrics(p, w, d);
        };
        CachedMetrics cached = new CachedMetrics(slow, fx.adapters.cache(), fx.adapters.tenantEvents(), fx.clock,
                Duration.ofMinutes(1));
        List<Thread> readers = new ArrayList<>();
        List<GovernanceMetrics> answers = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            readers.add(Thread.ofVirtual().start(() -> answers.add(cached.metrics(VIEWER, Duration.ofDays(30), false))));
        }
        entered.await();
        Thread.sleep(200); // the other readers arrive while the first computes
        release.countDown();
        for (Thread t : readers) t.join();
        assertThat(answers).hasSize(8);
        assertThat(computed).hasValue(1);
    }

    @Test
    void aCacheThatIsDown_computesEveryTime() {
        Cache down = new Cache() {
            @Override public Optional<byte[]> get(String key) { return Optional.empty(); }
            @Override public void put(String key, byte[] value, Duration ttl) { }
            @Override public void invalidate(String key) { }
        };
        CachedMetrics cached = new CachedMetrics(fx.metrics, down, fx.adapters.tenantEvents(), fx.clock, Duration.ofMinutes(1));
        assertThat(cached.metrics(VIEWER, Duration.ofDays(30), false).sources().cache()).isEqualTo("miss");
        assertThat(cached.metrics(VIEWER, Duration.ofDays(30), false).sources().cache()).isEqualTo("miss");
    }

    @Test
    void theEncodingRoundTrips() {
        fx.store(bucket("b1", Map.of("v", false)));
        fx.put("s3-v", "aws.s3.bucket", "resource.properties.v == false");
        fx.findings.scan(ADMIN);
        GovernanceMetrics m = fx.metrics.metrics(VIEWER, Duration.ofDays(30), false);
        GovernanceMetrics back = CachedMetrics.decode(io.praetor.domain.json.JsonTreeReader.readObject(CachedMetrics.encode(7, m)));
        assertThat(back).usingRecursiveComparison().ignoringFields("sources").isEqualTo(m);
    }
}
