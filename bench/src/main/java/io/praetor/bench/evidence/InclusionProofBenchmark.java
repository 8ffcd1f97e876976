package io.praetor.bench.evidence;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.evidence.InclusionProof;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.domain.evidence.LedgerService;
import io.praetor.domain.evidence.NewEntry;
import io.praetor.ports.TenantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** An inclusion proof for a random entry of a 1,000,000-entry log (target ≤ 1 ms). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InclusionProofBenchmark {
    private static final int SIZE = 1_000_000;
    private final SplittableRandom random = new SplittableRandom(5);
    private LedgerService ledger;
    private TenantId tenant;

    @Setup(Level.Trial)
    public void setUp() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-25T00:00:00Z"));
        InMemoryAdapters adapters = InMemoryAdapters.create(clock);
        ledger = new LedgerService(adapters.ledger(), adapters.transactions(), adapters.signer(), clock);
        tenant = TenantId.of("bench");
        String payload = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
        for (int done = 0; done < SIZE; done += 10_000) {
            List<NewEntry> batch = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) batch.add(new NewEntry("u", LedgerKind.RESOURCE_PUT, "r-" + (done + i), payload));
            ledger.appendAll(tenant, batch);
        }
    }

    @Benchmark
    public InclusionProof inclusionProofOfARandomEntry() {
        return ledger.inclusionProof(tenant, random.nextLong(SIZE), SIZE);
    }

    @Benchmark
    public boolean inclusionProofGeneratedAndVerified() {
        return ledger.inclusionProof(tenant, random.nextLong(SIZE), SIZE).verify();
    }
}
