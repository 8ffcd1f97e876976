package io.praetor.bench.evidence;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.domain.evidence.NewEntry;
import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/** Ledger appends of one entry per call from two threads (the 2-core target: ≥ 50,000 entries/s). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LedgerAppendBenchmark {
    private static final String PAYLOAD = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private final AtomicLong counter = new AtomicLong();
    private InMemoryAdapters adapters;
    private LedgerService ledger;
    private TenantId tenant;

    @Setup(Level.Iteration)
    public void setUp() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-25T00:00:00Z"));
        adapters = InMemoryAdapters.create(clock);
        ledger = new LedgerService(adapters.ledger(), adapters.transactions(), adapters.signer(), clock);
        ledger.start();
        tenant = TenantId.of("bench");
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        ledger.close();
        adapters.close();
    }

    @Benchmark
    @Threads(2)
    public Object appendOneEntry() {
        long i = counter.incrementAndGet();
        return ledger.append(tenant, new NewEntry("user-" + (i % 97), LedgerKind.RESOURCE_PUT, "res-" + i, PAYLOAD));
    }
}
