package io.praetor.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A nats-server with JetStream of the test's own, its store in the service's directory (so streams
 * and consumers survive a restart, as on a real server), from {@code -Dpraetor.nats.server}, the
 * PATH or /usr/sbin.
 */
public final class OwnNats extends OwnService {
    private final Path binary;
    private Process process;

    private OwnNats() {
        super("nats");
        List<Path> candidates = new ArrayList<>();
        property("praetor.nats.server").ifPresent(candidates::add);
        candidates.addAll(onPath("nats-server"));
        candidates.add(Path.of("/usr/sbin/nats-server"));
        this.binary = binary("nats-server", candidates);
    }

    /** Started, sending its INFO line. */
    public static OwnNats started() {
        OwnNats n = new OwnNats();
        n.start();
        return n;
    }

    public String url() {
        return "nats://127.0.0.1:" + port;
    }

    @Override
    public String describe() {
        return "nats-server on port " + port + " (log " + dir.resolve("nats.log") + ")";
    }

    @Override
    protected void launch() {
        try {
            process = new ProcessBuilder(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                    "-sd", dir.resolve("jetstream").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nats.log").toFile())).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void halt() {
        process.destroy(); // SIGTERM: a clean shutdown that syncs the JetStream store
        waitFor(process);
    }

    @Override
    protected boolean answers() {
        return exchangeLine("").startsWith("INFO");
    }
}
