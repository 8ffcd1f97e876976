package io.praetor.server.cli;

import io.praetor.ports.Role;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.wiring.PraetorServer;
import io.praetor.server.wiring.ServerComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code praetor serve}: the HTTP server on the configured adapters; prints the URL and, in dev mode, an admin token. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the HTTP server (API, SSE) on the configured adapters; embedded defaults need nothing.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port (default: PRAETOR_PORT or 8080).")
    Integer port;

    @Option(names = "--config", description = "YAML configuration file (the environment wins).")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (port != null) env.put("PRAETOR_PORT", Integer.toString(port));
        PraetorConfig cfg = ConfigLoader.load(env, Optional.ofNullable(config));
        PraetorServer server = ServerComponent.create(cfg, InstantSource.system()).server().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "praetor-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Praetor is listening on " + server.url());
        server.devToken("default", "dev-admin", Set.of(Role.ADMIN), Duration.ofHours(12)).ifPresent(token -> {
            System.out.println("Dev mode: an admin token for tenant 'default' (12 h; mint more with 'praetor token'):");
            System.out.println(token);
        });
        System.out.flush();
        try {
            stopped.await();
        } finally {
            // interrupted (embedded use, tests): stop here instead of at JVM exit
            if (stopped.getCount() > 0) {
                Runtime.getRuntime().removeShutdownHook(hook);
                server.close();
            }
        }
        return ExitCodes.OK;
    }
}
