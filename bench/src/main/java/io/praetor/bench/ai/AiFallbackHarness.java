package io.praetor.bench.ai;

import io.praetor.Praetor;
import io.praetor.adapters.ai.AiAdapters;
import io.praetor.adapters.ai.OpenAiSettings;
import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.domain.ai.AiSettings;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.inventory.JsonTrees;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.AiUseCases;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * How long the AI use cases take to answer from the local analyst: with no model configured, and
 * with a model endpoint that accepts connections and never answers (first calls bounded by the
 * timeout, then the open circuit). In-memory adapters, one tenant of {@code resources} buckets
 * (half failing one policy). Run with
 * {@code bench/run --main io.praetor.bench.ai.AiFallbackHarness [resources] [calls]}.
 */
public final class AiFallbackHarness {
    private static final Principal ME = new Principal("bench", TenantId.of("bench"), Set.of(Role.OPERATOR));
    private static final Principal ADMIN = new Principal("admin", TenantId.of("bench"), Set.of(Role.ADMIN));
    private static final String POLICY = """
            apiVersion: praetor.io/v1
            kind: Policy
            metadata: {id: s3-versioning, title: S3 buckets keep object versions, severity: high}
            spec:
              resource: aws.s3.bucket
              violation: 'resource.properties.?versioning.orValue("Off") != "Enabled"'
            """;

    public static void main(String[] args) throws Exception {
        int resources = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        System.out.printf("cores: %d, resources: %d, calls per figure: %d%n", Runtime.getRuntime().availableProcessors(), resources, calls);

        try (InMemoryAdapters adapters = InMemoryAdapters.create(InstantSource.system());
             Praetor local = Praetor.builder().ports(adapters).build()) {
            seed(local, resources);
            System.out.println("-- no model configured (source: local)");
            measureAll(local, calls);
        }

        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket hanging = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                while (!hanging.isClosed()) {
                    try {
                        held.add(hanging.accept()); // read nothing, answer nothing
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            URI url = URI.create("http://127.0.0.1:" + hanging.getLocalPort() + "/v1");
            try (InMemoryAdapters adapters = InMemoryAdapters.create(InstantSource.system());
                 Praetor withModel = Praetor.builder().ports(adapters)
                         .ai(AiAdapters.openAiCompatible(new OpenAiSettings(url, "hanging", Optional.empty())))
                         .aiSettings(AiSettings.DEFAULTS).build()) {
                seed(withModel, resources);
                System.out.println("-- model endpoint hangs; timeout " + AiSettings.DEFAULTS.timeout().toMillis()
                        + " ms, breaker opens after " + AiSettings.DEFAULTS.failureThreshold() + " failures");
                for (int i = 0; i < AiSettings.DEFAULTS.failureThreshold(); i++) {
                    long t = System.nanoTime();
                    var a = withModel.ai().analyse(ME, new AiUseCases.AnalysisScope(Optional.empty(), Optional.empty(), List.of()));
                    System.out.printf("  call %d before the circuit opens: %s in %.0f ms%n", i + 1, a.source().wireName(),
                            (System.nanoTime() - t) / 1e6);
                }
                System.out.println("  circuit: " + withModel.aiState());
                measureAll(withModel, calls);
            }
            acceptor.interrupt();
        } finally {
            for (Socket s : held) s.close();
        }
    }

    private static void seed(Praetor p, int n) {
        p.policies().putPolicy(ADMIN, "s3-versioning", POLICY);
        for (int i = 0; i < n; i++) {
            String id = "arn:aws:s3:::bucket-" + i;
            p.inventory().putResource(ADMIN, Resource.of(id, "aws.s3.bucket", "bucket-" + i, "eu-west-1", "111122223333",
                    Map.of("owner", "team-" + (i % 7)), JsonTrees.freezeObject(Map.of("versioning", i % 2 == 0 ? "Off" : "Enabled")),
                    "praetor", java.time.Instant.now()));
        }
    }

    private static void measureAll(Praetor p, int calls) {
        AiUseCases ai = p.ai();
        AiUseCases.AnalysisScope all = new AiUseCases.AnalysisScope(Optional.empty(), Optional.empty(), List.of());
        measure("analyses", calls, () -> ai.analyse(ME, all).source());
        measure("predictions", calls, () -> ai.predictions(ME).source());
        measure("assistant: top risks", calls,
                () -> ai.chat(ME, List.of(new AiUseCases.ChatMessage("user", "what are my top risks?")), t -> { }).source());
        measure("policy generation", Math.max(10, calls / 10),
                () -> ai.generatePolicy(ME, "S3 buckets must keep versions", Optional.of("aws.s3.bucket")).source());
        measure("metrics deep=true", calls, () -> "sources.ai=" + p.metrics().metrics(ME, Duration.ofDays(30), true).sources().ai());
    }

    private static void measure(String name, int calls, Supplier<Object> call) {
        for (int i = 0; i < Math.min(20, calls); i++) call.get(); // warm-up
        long[] nanos = new long[calls];
        Object source = null;
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            source = call.get();
            nanos[i] = System.nanoTime() - t;
        }
        Arrays.sort(nanos);
        System.out.printf("  %-22s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (answer: %s)%n", name, nanos[calls / 2] / 1e6,
                nanos[Math.min(calls - 1, (int) Math.ceil(calls * 0.99) - 1)] / 1e6, nanos[calls - 1] / 1e6,
                source instanceof AiUseCases.Source s ? s.wireName() : source);
    }

    private AiFallbackHarness() {}
}
