package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.server.testing.TestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The filesystem evidence store on a 1 MB tmpfs filled to the last byte: an action requested while
 * the disk is full waits in preflight (it neither plans nor fails without its evidence), the server
 * keeps answering reads, and once space is freed the action goes on by itself to completion with
 * every evidence blob of a normal run, readable, and the ledger intact.
 * Mounting a tmpfs needs root; without it the test fails saying so (it never skips).
 */
@Order(21)
class DiskFullTest {
    @Test
    void fullEvidenceDisk_losesNothing_andRecoversWhenSpaceReturns() throws Exception {
        Path data = Files.createTempDirectory("praetor-diskfull");
        Path evidence = data.resolve("evidence");
        Files.createDirectories(evidence);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", evidence.toString())
                .redirectErrorStream(true).start();
        String mountOut = new String(mount.getInputStream().readAllBytes());
        assertThat(mount.waitFor()).as("mounting a 1 MB tmpfs for the evidence store (needs root): " + mountOut).isZero();
        List<String> wrong = new ArrayList<>();
        String figures;
        int blobsTotal;
        int lost = 0;
        String lostNames = "[]";
        try {
            try (WebhookSink sink = new WebhookSink();
                 TestServer api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url(), "PRAETOR_DATA_DIR", data.toString()))) {
                Seed seed = Seed.create(api, "diskfull");
                Path filler = evidence.resolve("filler");
                long filled = fill(filler);
                String id = (String) Seed.expect(api.post("/api/v1/actions", seed.operator(), "{\"finding_id\":\"" + seed.findingId()
                        + "\",\"dry_run\":true,\"reason\":\"disk full\"}"), 202).json().get("id");
                // the preflight report cannot be stored: the action must wait where it is — neither plan nor
                // fail without its evidence — for as long as the disk stays full (watched for 5 s)
                String whileFull = null;
                long watchUntil = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < watchUntil) {
                    whileFull = (String) Seed.expect(api.get("/api/v1/actions/" + id, seed.viewer()), 200).json().get("state");
                    if (!"queued".equals(whileFull) && !"preflight".equals(whileFull)) {
                        wrong.add("while the disk was full the action moved on to " + whileFull);
                        break;
                    }
                    Seed.sleep(100);
                }
                boolean stillFull;
                try {
                    Files.write(evidence.resolve("probe"), new byte[4096]);
                    stillFull = false;
                } catch (IOException expected) {
                    stillFull = true;
                }
                if (!stillFull) wrong.add("the evidence disk was not full during the run (the test proves nothing)");
                int blobsWhileFull = api.get("/api/v1/evidence?action_id=" + id, seed.viewer()).items().size();
                for (String read : List.of("/api/v1/evidence", "/api/v1/actions/" + id, "/api/v1/ledger/verify", "/api/v1/metrics")) {
                    int status = api.get(read, seed.viewer()).status();
                    if (status != 200) wrong.add("while full: GET " + read + " -> " + status);
                }
                Files.delete(filler);
                // space is back: the waiting action goes on by itself, and completes with all of its evidence
                Seed.awaitState(api, seed.viewer(), id, "planned");
                Seed.expect(api.post("/api/v1/actions/" + id + "/approve", seed.approver(), "{}"), 200);
                Seed.expect(api.post("/api/v1/actions/" + id + "/run", seed.operator(), "{}"), 202);
                String after = (String) Seed.awaitState(api, seed.viewer(), id, "completed", "failed", "rolled_back").get("state");
                if (!"completed".equals(after)) wrong.add("the action that waited for space ended " + after);
                String next = (String) Seed.expect(api.post("/api/v1/actions", seed.operator(), "{\"finding_id\":\"" + seed.findingId()
                        + "\",\"dry_run\":true,\"reason\":\"space back\"}"), 202).json().get("id");
                Seed.awaitState(api, seed.viewer(), next, "planned");
                Seed.expect(api.post("/api/v1/actions/" + next + "/approve", seed.approver(), "{}"), 200);
                Seed.expect(api.post("/api/v1/actions/" + next + "/run", seed.operator(), "{}"), 202);
                String nextState = (String) Seed.awaitState(api, seed.viewer(), next, "completed", "failed", "rolled_back").get("state");
                if (!"completed".equals(nextState)) wrong.add("with space back a new action ended " + nextState);
                checkEvidence(api, seed, next, wrong, "after recovery");
                checkEvidence(api, seed, id, wrong, "the action that waited");
                Map<String, Object> verify = api.get("/api/v1/ledger/verify", seed.viewer()).json();
                if (!Boolean.TRUE.equals(verify.get("ok"))) wrong.add("ledger: " + verify);
                blobsTotal = api.get("/api/v1/evidence", seed.viewer()).items().size();
                // the action that waited must have the evidence of a normal run
                java.util.Set<Object> normal = new java.util.TreeSet<>(names(api, seed, next));
                java.util.Set<Object> missing = new java.util.TreeSet<>(normal);
                missing.removeAll(names(api, seed, id));
                lost = missing.size();
                if (!missing.isEmpty()) wrong.add("evidence missing from the action that waited for space: " + missing);
                lostNames = missing.toString();
                figures = "filled " + (filled >> 10) + " KB; action while full stayed " + whileFull + " with " + blobsWhileFull
                        + " evidence blobs, after freeing space " + after + "; new action " + nextState + "; webhook deliveries "
                        + sink.total.get() + "; " + blobsTotal + " evidence blobs re-read after a restart; evidence missing from the action"
                        + " that waited: " + lostNames;
            }
            // the evidence index and blobs are on disk: a server started afresh on the same directory reads them all
            try (TestServer again = TestServer.start(Map.of("PRAETOR_DATA_DIR", data.toString()))) {
                String viewer = again.token("diskfull", "diskfull-viewer", io.praetor.ports.Role.VIEWER);
                List<Map<String, Object>> blobs = again.get("/api/v1/evidence", viewer).items();
                if (blobs.size() != blobsTotal) wrong.add("after a restart " + blobs.size() + " evidence blobs listed, before " + blobsTotal);
                for (Map<String, Object> b : blobs) {
                    int status = again.get("/api/v1/evidence/" + b.get("sha256"), viewer).status();
                    if (status != 200) wrong.add("after a restart evidence " + b.get("sha256") + " -> " + status);
                }
            }
        } finally {
            new ProcessBuilder("umount", "-l", evidence.toString()).start().waitFor();
        }
        ReliabilityReport.record("fault: disk full on the filesystem evidence store (1 MB tmpfs)", 1, wrong.size(), lost, figures);
        assertThat(wrong).isEmpty();
    }

    private static List<Object> names(TestServer api, Seed seed, String actionId) {
        return api.get("/api/v1/evidence?action_id=" + actionId, seed.viewer()).items().stream().map(b -> b.get("name")).toList();
    }

    private static long fill(Path filler) {
        long written = 0;
        byte[] chunk = new byte[16 << 10];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
                written += chunk.length;
            }
        } catch (IOException full) {
            // ENOSPC: the disk is full
        }
        // and the last bytes, one at a time
        try (OutputStream out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) {
                out.write(0);
                out.flush();
                written++;
            }
        } catch (IOException full) {
            return written;
        }
    }

    @SuppressWarnings("unchecked")
    private static void checkEvidence(TestServer api, Seed seed, String actionId, List<String> wrong, String when) {
        List<Map<String, Object>> blobs = api.get("/api/v1/evidence?action_id=" + actionId, seed.viewer()).items();
        if (blobs.isEmpty()) wrong.add(when + ": no evidence for " + actionId);
        for (Map<String, Object> b : blobs) {
            int status = api.get("/api/v1/evidence/" + b.get("sha256"), seed.viewer()).status();
            if (status != 200) wrong.add(when + ": evidence " + b.get("sha256") + " -> " + status);
        }
    }
}
