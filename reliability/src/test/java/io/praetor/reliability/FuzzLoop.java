package io.praetor.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one check per input on a worker thread with a time limit, so a hang is a failure that names
 * its input instead of a stuck build. Keeps the first failures for the assertion message.
 */
final class FuzzLoop implements AutoCloseable {
    private final Duration limit;
    private ExecutorService worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("fuzz").unstarted(r));
    final List<String> failures = new ArrayList<>();
    long runs;
    long failed;

    FuzzLoop(Duration limit) {
        this.limit = limit;
    }

    /** A check: returns normally when the input was handled as it should be, throws AssertionError otherwise. */
    interface Check {
        void run() throws Exception;
    }

    void check(String what, Check check) {
        runs++;
        Future<?> f = worker.submit(() -> {
            check.run();
            return null;
        });
        try {
            f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            worker = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("fuzz").unstarted(r));
            fail(what, "no answer within " + limit);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            fail(what, c instanceof AssertionError ? c.getMessage() : c.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void fail(String what, String why) {
        failed++;
        if (failures.size() < 15) {
            String shown = what.length() > 400 ? what.substring(0, 400) + "…" : what;
            failures.add(why + "\n    input: " + shown.replace("\n", "\\n"));
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
