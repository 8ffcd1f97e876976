package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.s3.FaultProxy;
import io.praetor.domain.evidence.BundleVerification;
import io.praetor.domain.evidence.BundleVerifier;
import io.praetor.server.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The S3 evidence store's endpoint answers 503 SlowDown to everything for a while (adapters-s3's
 * {@link FaultProxy} in front of an in-JVM s3proxy). An action run just before the window applies
 * during it, and actions requested during it cannot store their preflight report: each waits where
 * it is (none completes, none plans, without its evidence), reads keep answering, and once the
 * endpoint is back every action completes with the evidence of a normal run, every blob reads
 * back, every bundle verifies offline and on the server, each webhook was called under its own
 * key, event seqs are 1..n, the ledger verifies and a fresh full scan changes nothing.
 */
@Order(24)
class S3OutageTest {
    private static final Duration WINDOW = Duration.ofSeconds(Budget.of(8, 60));
    private static final int DURING = 2;

    @Test
    void throttlingEvidenceEndpoint_actionsWait_thenCompleteWithAllTheirEvidence() throws Exception {
        S3Proxy s3 = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.NONE, null, null).build();
        s3.start();
        List<String> wrong = new ArrayList<>();
        long lost = 0;
        String figures;
        // the evidence store reads the SDK's default credential chain; s3proxy checks no signature here
        // (the proxy rewrites the Host header a signature covers)
        System.setProperty("aws.accessKeyId", "reliability");
        System.setProperty("aws.secretAccessKey", Secrets.remember("reliability-s3-secret-key-0123456789"));
        try (FaultProxy proxy = new FaultProxy(URI.create("http://127.0.0.1:" + s3.getPort()));
             WebhookSink sink = new WebhookSink()) {
            createBucket(s3.getPort(), "evidence");
            try (TestServer api = TestServer.start(Map.of("PRAETOR_EVIDENCE", "s3", "PRAETOR_S3_ENDPOINT", proxy.endpoint().toString(),
                    "PRAETOR_S3_BUCKET", "evidence", "PRAETOR_S3_PATH_STYLE", "true", "PRAETOR_WEBHOOKS", "ticket=" + sink.url()))) {
                Seed seed = Seed.create(api, "s3outage");
                FaultLoad driver = new FaultLoad(api, seed, sink, "s3outage");
                // one action run right before the window: it applies while the endpoint throttles
                String before = create(api, seed, "before the window");
                Seed.awaitState(api, seed.viewer(), before, "planned");
                Seed.expect(api.post("/api/v1/actions/" + before + "/approve", seed.approver(), "{}"), 200);

                AtomicLong throttled = new AtomicLong();
                proxy.rule = (n, request) -> {
                    throttled.incrementAndGet();
                    return new FaultProxy.Fault.Fail(503, "SlowDown");
                };
                long windowEnd = System.nanoTime() + WINDOW.toNanos();
                Seed.expect(api.post("/api/v1/actions/" + before + "/run", seed.operator(), "{}"), 202);
                List<String> during = new ArrayList<>();
                for (int i = 0; i < DURING; i++) during.add(create(api, seed, "during the window " + i));
                Map<Integer, AtomicLong> readStatuses = new TreeMap<>();
                Set<String> statesSeen = new TreeSet<>();
                while (System.nanoTime() < windowEnd) {
                    for (String id : during) {
                        String state = (String) Seed.expect(api.get("/api/v1/actions/" + id, seed.viewer()), 200).json().get("state");
                        statesSeen.add(state);
                        if (!state.equals("queued") && !state.equals("preflight")) {
                            wrong.add("while S3 throttled, action " + id + " moved on to " + state + " without its preflight report");
                        }
                    }
                    String beforeState = (String) Seed.expect(api.get("/api/v1/actions/" + before, seed.viewer()), 200).json().get("state");
                    statesSeen.add("run: " + beforeState);
                    if (beforeState.equals("completed")) wrong.add("while S3 throttled, the run action completed without its evidence");
                    for (String read : List.of("/api/v1/actions?limit=50", "/api/v1/findings", "/api/v1/ledger/verify", "/api/v1/metrics",
                            "/api/v1/evidence?action_id=" + before)) {
                        int status = api.get(read, seed.viewer()).status();
                        readStatuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        // the evidence list may be unavailable (503: it is in S3); nothing else may fail
                        if (status != 200 && !(status == 503 && read.startsWith("/api/v1/evidence"))) {
                            wrong.add("while S3 throttled: GET " + read + " -> " + status);
                        }
                    }
                    Seed.sleep(300);
                }
                proxy.rule = (n, request) -> new FaultProxy.Fault.Forward();
                long injected = throttled.get();

                List<String> all = new ArrayList<>(during);
                all.addFirst(before);
                for (String id : all) {
                    String state = driver.drive(id, Duration.ofSeconds(90), false);
                    if (!state.equals("completed")) {
                        wrong.add("action " + id + " ended " + state);
                        lost++;
                    }
                }
                // a normal run, with the endpoint healthy: the evidence every action must have
                String normal = create(api, seed, "after the window");
                if (!driver.drive(normal, Duration.ofSeconds(60), false).equals("completed")) wrong.add("a new action did not complete");
                Set<Object> expected = new TreeSet<>(names(api, seed, normal));
                if (expected.isEmpty()) wrong.add("a normal run stored no evidence");
                int blobs = 0;
                for (String id : all) {
                    Set<Object> missing = new TreeSet<>(expected);
                    missing.removeAll(names(api, seed, id));
                    if (!missing.isEmpty()) {
                        wrong.add("action " + id + " lacks evidence " + missing);
                        lost += missing.size();
                    }
                    for (Map<String, Object> b : api.get("/api/v1/evidence?action_id=" + id, seed.viewer()).items()) {
                        blobs++;
                        int status = api.get("/api/v1/evidence/" + b.get("sha256"), seed.viewer()).status();
                        if (status != 200) wrong.add("evidence " + b.get("sha256") + " of " + id + " -> " + status);
                    }
                    wrong.addAll(bundleProblems(api, seed, id));
                    int delivered = sink.count(id);
                    if (delivered == 0) {
                        wrong.add("action " + id + " never reached the webhook");
                        lost++;
                    }
                    wrong.addAll(EventLog.gaps(EventLog.ids(api, "/api/v1/actions/" + id + "/events", seed.viewer(),
                            Duration.ofMillis(700)), "action " + id + " events"));
                }
                wrong.addAll(driver.errors);
                for (String key : sink.deliveries.keySet()) {
                    if (!all.contains(key) && !key.equals(normal)) wrong.add("a webhook call under an unknown key " + key);
                }
                long redeliveries = all.stream().mapToLong(id -> Math.max(0, sink.count(id) - 1)).sum();
                Map<String, Object> verify = api.get("/api/v1/ledger/verify", seed.viewer()).json();
                if (!Boolean.TRUE.equals(verify.get("ok"))) wrong.add("ledger: " + verify);
                Map<String, Object> scan = Seed.expect(api.post("/api/v1/scans", seed.operator(), "{}"), 200).json();
                if (!Long.valueOf(0).equals(scan.get("findings_opened")) || !Long.valueOf(0).equals(scan.get("findings_resolved"))) {
                    wrong.add("a fresh full scan changed findings: " + scan);
                }
                figures = "503 SlowDown to every S3 request for " + WINDOW.toSeconds() + " s (" + injected + " requests refused); "
                        + all.size() + " actions in flight (1 run as the window opened, " + DURING + " requested during it), states seen "
                        + "meanwhile " + statesSeen + "; reads meanwhile " + readStatuses + "; afterwards all completed with "
                        + expected.size() + " evidence kinds each (" + blobs + " blobs re-read), bundles verified offline and on the "
                        + "server; " + redeliveries + " webhook re-deliveries under the same key; fresh scan: 0 opened, 0 resolved";
            }
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
            s3.stop();
        }
        ReliabilityReport.record("fault: S3 evidence endpoint answering 503 for a while (FaultProxy before s3proxy)", 1, wrong.size(),
                lost, figures);
        assertThat(wrong).isEmpty();
    }

    private static String create(TestServer api, Seed seed, String reason) {
        return (String) Seed.expect(api.post("/api/v1/actions", seed.operator(), "{\"finding_id\":\"" + seed.findingId()
                + "\",\"dry_run\":true,\"reason\":\"" + reason + "\"}"), 202).json().get("id");
    }

    private static List<Object> names(TestServer api, Seed seed, String actionId) {
        return Seed.expect(api.get("/api/v1/evidence?action_id=" + actionId, seed.viewer()), 200).items().stream()
                .map(b -> b.get("name")).toList();
    }

    /** The action's bundle, verified offline (signatures, hashes, inclusion proofs) and by the server. */
    private static List<String> bundleProblems(TestServer api, Seed seed, String actionId) throws Exception {
        List<String> problems = new ArrayList<>();
        // a bundle anchors the action in a signed tree head, which the signer publishes shortly after
        BundleVerification offline = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (offline == null || (!offline.ok() && System.nanoTime() < deadline)) {
            HttpResponse<byte[]> zip = api.client.send(HttpRequest.newBuilder(URI.create(api.base + "/api/v1/actions/" + actionId + "/bundle"))
                    .header("Authorization", "Bearer " + seed.viewer()).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (zip.statusCode() != 200) {
                problems.add("bundle of " + actionId + " -> " + zip.statusCode());
                return problems;
            }
            offline = BundleVerifier.verify(zip.body());
            if (!offline.ok()) Seed.sleep(200);
        }
        if (!offline.ok()) problems.add("bundle of " + actionId + " does not verify offline: " + offline.problems());
        Map<String, Object> online = api.get("/api/v1/actions/" + actionId + "/bundle/verify", seed.viewer()).json();
        if (!Boolean.TRUE.equals(online.get("ok"))) problems.add("bundle of " + actionId + " does not verify on the server: " + online);
        return problems;
    }

    private static void createBucket(int port, String bucket) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/" + bucket))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new AssertionError("cannot create bucket " + bucket + ": " + r.statusCode() + " " + r.body());
    }
}
