package io.praetor.server.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of the test's own (no persistence: what the deployment's cache Redis is), from
 * {@code -Dpraetor.redis.server} or the PATH. Besides stop/start it can be frozen (SIGSTOP) and
 * thawed (SIGCONT), and sent an inline command such as FLUSHALL.
 */
public final class OwnRedis extends OwnService {
    private final Path binary;
    private Process process;

    private OwnRedis() {
        super("redis");
        List<Path> candidates = new ArrayList<>();
        property("praetor.redis.server").ifPresent(candidates::add);
        candidates.addAll(onPath("redis-server"));
        this.binary = binary("redis-server", candidates);
    }

    /** Started, answering PING. */
    public static OwnRedis started() {
        OwnRedis r = new OwnRedis();
        r.start();
        return r;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public String describe() {
        return "redis-server on port " + port + " (log " + dir.resolve("redis.log") + ")";
    }

    @Override
    protected void launch() {
        try {
            process = new ProcessBuilder(binary.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile())).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void halt() {
        thaw(); // a frozen process cannot act on SIGTERM
        process.destroy();
        waitFor(process);
    }

    @Override
    protected boolean answers() {
        return exchangeLine("PING").equals("+PONG");
    }

    /** One inline command (e.g. FLUSHALL) on a fresh connection; the first line of the answer. */
    public String command(String inline) {
        return exchangeLine(inline);
    }

    /** SIGSTOP: it keeps its connections but answers nothing. */
    public void freeze() {
        signal(process, "STOP");
    }

    public void thaw() {
        if (process != null && process.isAlive()) signal(process, "CONT");
    }
}
