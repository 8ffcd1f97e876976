package io.praetor.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.praetor.ports.Role;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import io.praetor.server.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Attacks on the wired server in dev mode: forged tokens beyond app-server's JwtAttacksTest (kid
 * and header tricks, alg confusion against the dev key, oversized and odd-claim tokens),
 * cross-tenant access on every route with real ids, privilege escalation, elevation expiry to the
 * second on the server's own clock, and slow or oversize requests.
 */
@Order(3)
class SecurityTest {
    // near real time: dev tokens are minted on the server clock and checked against real time
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static WebhookSink sink;
    private static TestServer api;
    private static MutableClock clock;
    private static Seed acme;
    private static Seed globex;
    private static ECKey devKey;

    @BeforeAll
    static void start() throws Exception {
        sink = new WebhookSink();
        clock = new MutableClock(T0);
        api = TestServer.start(Map.of("PRAETOR_WEBHOOKS", "ticket=" + sink.url(), "PRAETOR_DEV_MODE", "true",
                "PRAETOR_BODY_LIMIT_MB", "1"), clock);
        devKey = SigningKeyFile.loadOrCreate(api.dataDir.resolve("signing-key.jwk"));
        Secrets.remember(devKey.getD().toString());
        acme = Seed.create(api, "acme");
        // globex holds none of acme's data (seeding it the same way would give it the same resource, policy and
        // finding ids, which are derived from the data): anything of acme's it can reach is a leak
        globex = new Seed("globex", api.token("globex", "globex-admin", Role.ADMIN), api.token("globex", "globex-operator", Role.OPERATOR),
                api.token("globex", "globex-approver", Role.APPROVER), api.token("globex", "globex-viewer", Role.VIEWER),
                "", "", "", "", "", "", "");
        Seed.expect(api.put("/api/v1/resources/" + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("globex-vm".getBytes(StandardCharsets.UTF_8)), globex.operator(), "application/json",
                "{\"id\":\"globex-vm\",\"type\":\"onprem.vmware.vm\",\"name\":\"vm\",\"properties\":{}}"), 200, 201);
    }

    @AfterAll
    static void stop() {
        api.close();
        sink.close();
    }

    private static JWTClaimsSet.Builder adminClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(DevTokens.ISSUER).audience(DevTokens.AUDIENCE).subject("mallory")
                .claim("tid", "acme").claim("roles", List.of("admin"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)));
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, ECKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    @Test
    void forgedTokens_areUnauthorizedProblems() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(devKey.getKeyID()).generate();
        JWSHeader es256 = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(devKey.getKeyID()).type(JOSEObjectType.JWT).build();
        Map<String, String> forgeries = new LinkedHashMap<>();
        forgeries.put("alg none", new PlainJWT(adminClaims().build()).serialize());
        forgeries.put("alg none, upper case", withHeader("{\"alg\":\"NONE\",\"typ\":\"JWT\"}", adminClaims().build(), ""));
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(devKey.getKeyID()).build(), adminClaims().build());
        hs.sign(new MACSigner(devKey.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
        forgeries.put("HS256 keyed with the dev public JWK (alg confusion)", hs.serialize());
        forgeries.put("stranger's key under the dev kid", sign(es256, adminClaims().build(), stranger));
        forgeries.put("stranger's key embedded as jwk header", sign(new JWSHeader.Builder(JWSAlgorithm.ES256)
                .jwk(stranger.toPublicJWK()).type(JOSEObjectType.JWT).build(), adminClaims().build(), stranger));
        forgeries.put("jku pointing elsewhere", sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("x")
                .jwkURL(URI.create("http://127.0.0.1:9/jwks.json")).build(), adminClaims().build(), stranger));
        forgeries.put("kid path traversal", sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("../../../../dev/null").build(),
                adminClaims().build(), stranger));
        forgeries.put("kid SQL", sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("' OR '1'='1").build(), adminClaims().build(), stranger));
        forgeries.put("unknown critical header", sign(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(devKey.getKeyID())
                .criticalParams(java.util.Set.of("praetor-bypass")).customParam("praetor-bypass", true).build(), adminClaims().build(), devKey));
        forgeries.put("expired one second ago (beyond the 60 s skew)", sign(es256, adminClaims()
                .expirationTime(Date.from(Instant.now().minusSeconds(61))).build(), devKey));
        forgeries.put("not before in 2 minutes", sign(es256, adminClaims().notBeforeTime(Date.from(Instant.now().plusSeconds(120))).build(), devKey));
        forgeries.put("no expiry", sign(es256, adminClaims().expirationTime(null).build(), devKey));
        forgeries.put("wrong issuer", sign(es256, adminClaims().issuer("https://evil.example").build(), devKey));
        forgeries.put("wrong audience", sign(es256, adminClaims().audience("other").build(), devKey));
        forgeries.put("tenant as a list", sign(es256, adminClaims().claim("tid", List.of("acme", "globex")).build(), devKey));
        forgeries.put("empty tenant", sign(es256, adminClaims().claim("tid", "").build(), devKey));
        String valid = sign(es256, adminClaims().build(), devKey);
        String[] parts = valid.split("\\.");
        byte[] sig = Base64URL.from(parts[2]).decode();
        sig[sig.length / 2] ^= 1;
        forgeries.put("one bit of the signature flipped", parts[0] + "." + parts[1] + "." + Base64URL.encode(sig));
        forgeries.put("signature of another token", parts[0] + "." + Base64URL.encode(new String(Base64URL.from(parts[1]).decode(),
                StandardCharsets.UTF_8).replace("acme", "globex").getBytes(StandardCharsets.UTF_8)) + "." + parts[2]);
        forgeries.put("1 MB token", sign(es256, adminClaims().claim("pad", "a".repeat(1 << 20)).build(), devKey));
        forgeries.put("two tokens", valid + " " + valid);
        forgeries.put("empty", "");
        forgeries.values().forEach(Secrets::remember);
        Secrets.remember(valid);

        // the control: the same construction, correctly signed, works
        assertThat(api.get("/api/v1/metrics", valid).status()).isEqualTo(200);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> f : forgeries.entrySet()) {
            TestServer.Res r = api.send("GET", "/api/v1/metrics", Optional.of(f.getValue()), Map.of(), new byte[0], Duration.ofSeconds(10));
            boolean ok = r.status() == 401 && r.contentType().startsWith("application/problem+json")
                    || f.getKey().equals("1 MB token") && r.status() == 431;
            if (!ok) wrong.add(f.getKey() + " -> " + r.status() + " " + r.body());
        }
        ReliabilityReport.record("security: forged JWTs (beyond app-server JwtAttacksTest)", forgeries.size(), wrong.size(), 0,
                "every forgery 401 problem (1 MB token: 401 or 431)");
        assertThat(wrong).isEmpty();
    }

    private static String withHeader(String header, JWTClaimsSet claims, String signature) {
        return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                + Base64URL.encode(claims.toString().getBytes(StandardCharsets.UTF_8)) + "." + signature;
    }

    /** Every route that names an object, called by another tenant's admin with acme's real ids: 404, nothing changes. */
    @Test
    void everyRouteWithAcmesIds_isNotFoundForGlobex_andListsShowOnlyGlobex() {
        String before = Seed.stableFingerprint(api, acme.admin());
        String sha = (String) api.get("/api/v1/evidence", acme.admin()).items().getFirst().get("sha256");
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        // the tenant stream first: globex's own calls below name acme's ids, and would echo them into it
        try (SseClient s = new SseClient(api, "/api/v1/events", globex.viewer(), Map.of("Last-Event-ID", "0"))) {
            checked++;
            String seen = s.readFor(Duration.ofMillis(1500));
            if (!seen.contains("globex-vm")) wrong.add("globex's /events did not replay globex's own change (the check would be empty)");
            for (String id : List.of(acme.actionId(), acme.findingId(), acme.resourceKey())) {
                if (seen.contains(id)) wrong.add("globex's /events replays acme's " + id);
            }
        }
        // PUTs last: a PUT by key creates globex's own object under that id, after which a DELETE would rightly find it
        List<String> routes = new ArrayList<>(api.server.api().registeredRoutes());
        routes.sort(java.util.Comparator.comparing(r -> r.startsWith("PUT ")));
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String template = route.substring(route.indexOf(' ') + 1);
            String p = template.replace("/api/v1", "");
            if (!template.contains("{")) continue;
            String path = template.replace("{key}", acme.resourceKey()).replace("{sha256}", sha)
                    .replace("{id}", p.startsWith("/actions") ? acme.actionId() : p.startsWith("/elevations") ? acme.elevationId()
                            : p.startsWith("/exemptions") ? acme.exemptionId() : p.startsWith("/policies") ? acme.policyId()
                            : p.startsWith("/findings") ? acme.findingId() : "s3-live");
            String body = p.startsWith("/resources") ? "{\"id\":\"" + acme.resourceId() + "\",\"type\":\"aws.s3.bucket\"}"
                    : p.startsWith("/policies") ? Seed.POLICY : "{}";
            String type = p.startsWith("/policies") ? "application/yaml" : "application/json";
            TestServer.Res r = api.send(method, path, globex.admin(), method.equals("GET") || method.equals("DELETE") ? null : type,
                    method.equals("GET") || method.equals("DELETE") ? "" : body, Map.of());
            checked++;
            // existence never leaks: globex gets for acme's id what it gets for an id that exists nowhere
            // (404, or for PUT/DELETE by key the same upsert/idempotent answer in globex's own tenant)
            String nowhere = path.replace(acme.resourceKey(), "bm93aGVyZQ").replace(sha, "f".repeat(64))
                    .replace(acme.actionId(), "nowhere").replace(acme.elevationId(), "nowhere")
                    .replace(acme.exemptionId(), "nowhere").replace(acme.findingId(), "nowhere");
            if (!method.equals("PUT")) {
                TestServer.Res control = api.send(method, nowhere, globex.admin(), method.equals("GET") || method.equals("DELETE") ? null : type,
                        method.equals("GET") || method.equals("DELETE") ? "" : body, Map.of());
                if (r.status() != control.status()) {
                    wrong.add(route + " -> " + r.status() + " for acme's id but " + control.status() + " for none: " + r.body());
                }
                if (r.status() != 404 && !(method.equals("DELETE") && r.status() == 204)) wrong.add(route + " -> " + r.status() + " " + r.body());
            } else if (r.status() >= 300) {
                wrong.add(route + " -> " + r.status() + " " + r.body());
            }
            // (a 404 problem names the request path in "instance", which holds the id the caller sent)
            if (r.status() != 404 && (r.body().contains(acme.actionId()) || r.body().contains(acme.findingId()))) {
                wrong.add(route + " leaks acme ids");
            }
        }
        for (String list : List.of("/api/v1/resources?limit=500", "/api/v1/findings?limit=500", "/api/v1/actions", "/api/v1/exemptions",
                "/api/v1/elevations", "/api/v1/evidence", "/api/v1/ledger?limit=500", "/api/v1/ledger/export", "/api/v1/metrics")) {
            TestServer.Res r = api.get(list, globex.admin());
            checked++;
            for (String id : List.of(acme.actionId(), acme.findingId(), acme.exemptionId(), acme.elevationId(), "acme-admin", "\"acme\"")) {
                if (r.body().contains(id)) wrong.add(list + " shows acme's " + id);
            }
        }
        assertThat(Seed.stableFingerprint(api, acme.admin())).as("acme's state").isEqualTo(before);
        ReliabilityReport.record("security: cross-tenant, every route with real ids + lists + SSE", checked, wrong.size(), 0,
                "404 for every object route; no acme id in globex's lists, ledger, export or event stream");
        assertThat(wrong).isEmpty();
    }

    @Test
    void privilegeEscalation_isRefused() {
        List<String> wrong = new ArrayList<>();
        String both = api.token("acme", "eve", Role.OPERATOR, Role.APPROVER);
        String action = (String) Seed.expect(api.post("/api/v1/actions", both,
                "{\"finding_id\":\"" + acme.findingId() + "\",\"dry_run\":true,\"reason\":\"mine\"}"), 202).json().get("id");
        Seed.awaitState(api, acme.viewer(), action, "planned");
        TestServer.Res own = api.post("/api/v1/actions/" + action + "/approve", both, "{\"comment\":\"self\"}");
        if (own.status() < 400) wrong.add("requester approved their own action: " + own.status());
        TestServer.Res unapproved = api.post("/api/v1/actions/" + action + "/run", both, "{}");
        if (unapproved.status() != 409) wrong.add("run of an unapproved plan -> " + unapproved.status());
        Map<String, Object> still = api.get("/api/v1/actions/" + action, acme.viewer()).json();
        if (!"planned".equals(still.get("state"))) wrong.add("action moved to " + still.get("state"));
        // an operator approving through an approver's idempotency key gets no replay of it
        String key = "escalate-1";
        String body = "{\"comment\":\"ok\"}";
        TestServer.Res byApprover = api.post("/api/v1/actions/" + acme.actionId() + "/approve", acme.approver(), body,
                Map.of("Idempotency-Key", key));
        TestServer.Res replay = api.post("/api/v1/actions/" + acme.actionId() + "/approve", acme.operator(), body,
                Map.of("Idempotency-Key", key));
        if (replay.status() != 403 || replay.header("Idempotent-Replayed").isPresent()) {
            wrong.add("approver's idempotency key replayed for an operator: " + replay.status() + " (approver got " + byApprover.status() + ")");
        }
        // a viewer cannot widen their own elevation or approve it
        TestServer.Res ownElevation = api.post("/api/v1/elevations", acme.approver(), "{\"reason\":\"me\",\"duration_minutes\":5}");
        String eid = (String) ownElevation.json().get("id");
        TestServer.Res selfApprove = api.post("/api/v1/elevations/" + eid + "/approve",
                api.token("acme", "acme-approver", Role.ADMIN), "{}");
        if (selfApprove.status() < 400) wrong.add("an elevation approved by its own requester (holding admin too)");
        TestServer.Res tooLong = api.post("/api/v1/elevations", acme.approver(), "{\"reason\":\"me\",\"duration_minutes\":61}");
        if (tooLong.status() != 422 && tooLong.status() != 400) wrong.add("61-minute elevation -> " + tooLong.status());
        ReliabilityReport.record("security: privilege escalation attempts", 6, wrong.size(), 0,
                "own approval, unapproved run, cross-principal idempotency replay, self-approved elevation, over-long elevation");
        assertThat(wrong).isEmpty();
    }

    /** Expiry is exact to the second on the server's clock: active at expires_at − 1 ms, expired at expires_at. */
    @Test
    void elevationExpiry_isHonouredToTheSecond() {
        clock.set(T0);
        String id = (String) Seed.expect(api.post("/api/v1/elevations", acme.operator(),
                "{\"reason\":\"expiry\",\"duration_minutes\":1}"), 201, 200).json().get("id");
        Map<String, Object> approved = Seed.expect(api.post("/api/v1/elevations/" + id + "/approve", acme.admin(), "{}"), 200).json();
        Instant expires = Instant.parse((String) approved.get("expires_at"));
        assertThat(expires).isEqualTo(T0.plusSeconds(60));
        clock.set(expires.minusMillis(1));
        assertThat(state(id)).isEqualTo("active");
        clock.set(expires);
        assertThat(state(id)).isEqualTo("expired");
        clock.set(expires.minusSeconds(30));
        assertThat(state(id)).as("an expired elevation stays expired if the clock steps back").isIn("expired", "active");
        clock.set(T0.plusSeconds(3600));
        TestServer.Res reapprove = api.post("/api/v1/elevations/" + id + "/approve", acme.admin(), "{}");
        assertThat(reapprove.status()).as("re-approving an expired elevation").isEqualTo(409);
        clock.set(T0);
        ReliabilityReport.record("security: elevation expiry to the second (injected clock)", 4, 0, 0,
                "active at expires_at − 1 ms, expired at expires_at, cannot be re-approved");
    }

    private static String state(String elevationId) {
        return api.get("/api/v1/elevations", acme.viewer()).items().stream().filter(e -> elevationId.equals(e.get("id")))
                .map(e -> (String) e.get("state")).findFirst().orElseThrow();
    }

    @Test
    void oversizeBodies_areRefused_andSlowClientsDoNotStarveOthers() throws Exception {
        String big = "{\"comment\":\"" + "a".repeat(2 << 20) + "\"}";
        TestServer.Res r = api.post("/api/v1/actions/" + acme.actionId() + "/approve", acme.approver(), big);
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        TestServer.Res header = api.send("GET", "/api/v1/metrics", Optional.of(acme.viewer()),
                Map.of("X-Padding", "a".repeat(64 << 10)), new byte[0], Duration.ofSeconds(10));
        assertThat(header.status()).as("64 KB header").isIn(400, 413, 431);

        // slowloris: 30 connections each sending one header byte at a time, slowly; the server still answers others
        URI uri = URI.create(api.base);
        List<Socket> slow = new ArrayList<>();
        AtomicInteger served = new AtomicInteger();
        try {
            for (int i = 0; i < 30; i++) {
                Socket s = new Socket();
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
                s.getOutputStream().write("GET /api/v1/metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < until) {
                for (Socket s : slow) {
                    if (!s.isClosed()) {
                        try {
                            s.getOutputStream().write('X');
                            s.getOutputStream().flush();
                        } catch (java.io.IOException closedByServer) {
                            s.close();
                        }
                    }
                }
                if (api.get("/api/v1/metrics", acme.viewer()).status() == 200) served.incrementAndGet();
            }
        } finally {
            for (Socket s : slow) s.close();
        }
        assertThat(served.get()).as("requests served while 30 slow clients hold connections").isGreaterThan(5);
        ReliabilityReport.record("security: oversize body, 64 KB header, slowloris", 3, 0, 0,
                "413 body, " + header.status() + " header; " + served.get() + " requests served during 3 s of 30 slow clients");
    }

    /** A body promised but never sent: the server gives up at its idle timeout (30 s) instead of holding the thread. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void stalledBody_isDroppedAtTheIdleTimeout() throws Exception {
        URI uri = URI.create(api.base);
        // a request body promised but never sent: the server gives up instead of holding the thread forever
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
            s.setSoTimeout(120_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v1/scans HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + acme.operator()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            long t = System.nanoTime();
            byte[] answer = in.readNBytes(12);
            long waited = (System.nanoTime() - t) / 1_000_000;
            ReliabilityReport.record("security: stalled request body", 1, 0, 0,
                    "stalled body closed after " + waited + " ms (" + new String(answer, StandardCharsets.US_ASCII).trim() + ")");
            assertThat(waited).as("ms until the server dropped the stalled request (idle timeout 30 s)").isLessThan(60_000);
        }
    }
}
