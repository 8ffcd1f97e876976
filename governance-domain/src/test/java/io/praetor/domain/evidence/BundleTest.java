package io.praetor.domain.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.adapters.memory.InMemoryAdapters;
import io.praetor.adapters.memory.LocalKeySigner;
import io.praetor.adapters.memory.SettableClock;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionState;
import io.praetor.ports.action.Approval;
import io.praetor.ports.action.Plan;
import io.praetor.ports.evidence.EvidenceRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A bundle of an action built directly (events, evidence, ledger entries), then tampered with part by part. */
class BundleTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final String ACTION_ID = "act-1";
    private static final Principal ALICE = new Principal("alice", TENANT, Set.of(Role.OPERATOR));
    private static final Principal BOB = new Principal("bob", TENANT, Set.of(Role.APPROVER));
    private static final Principal SYSTEM = Principal.system(TENANT);

    private final SettableClock clock = TestDoubles.clockAt("2026-11-25T09:00:00Z");
    private final LocalKeySigner signer = LocalKeySigner.generate();
    private final InMemoryAdapters adapters = TestDoubles.adapters(clock, signer);
    private final LedgerStore ledgerStore = adapters.ledger();
    private final EvidenceStore evidenceStore = adapters.evidence();
    private final ActionEventStore events = adapters.actionEvents();
    private final LedgerService ledger = new LedgerService(ledgerStore, TestDoubles.PASS_THROUGH, signer, clock);
    private final AuditTrail audit = new AuditTrail(ledger);
    private final EvidenceRecorder recorder = new EvidenceRecorder(evidenceStore, ledger);
    private final BundleWriter writer = new BundleWriter(ledger, events, evidenceStore);
    private Action action;
    private long seq;

    @BeforeEach
    void runAnAction() {
        audit.record(ALICE, LedgerKind.POLICY_PUT, "pol-1", Map.of("id", "pol-1"));
        transition(ALICE, LedgerKind.ACTION_CREATE, ActionState.QUEUED);
        transition(SYSTEM, LedgerKind.ACTION_STATE, ActionState.PREFLIGHT);
        audit.record(ALICE, LedgerKind.RESOURCE_PUT, "res-9", Map.of("id", "res-9"));
        EvidenceRef plan = recorder.putForAction(SYSTEM, ACTION_ID, "{\"summary\":\"enable versioning\"}"
                .getBytes(StandardCharsets.UTF_8), "application/json", "plan.json").ref();
        transition(SYSTEM, LedgerKind.ACTION_STATE, ActionState.PLANNED);
        appendEvent(ActionEvent.PROGRESS, ActionState.PLANNED, Map.of("percent", 50L));
        transition(BOB, LedgerKind.ACTION_APPROVE, ActionState.APPROVED);
        transition(BOB, LedgerKind.ACTION_RUN, ActionState.IN_PROGRESS);
        EvidenceRef before = recorder.putForAction(SYSTEM, ACTION_ID, new byte[] {0, 1, 2, (byte) 0xff},
                "application/octet-stream", "before.bin").ref();
        recorder.put(ALICE, "unrelated".getBytes(StandardCharsets.UTF_8), "text/plain", "other.txt", Optional.empty());
        transition(SYSTEM, LedgerKind.ACTION_STATE, ActionState.VERIFYING);
        transition(SYSTEM, LedgerKind.ACTION_STATE, ActionState.COMPLETED);
        audit.record(BOB, LedgerKind.ACTION_CREATE, "act-2", Map.of("finding_id", "f-2"));
        Instant t = clock.instant();
        action = new Action(ACTION_ID, ActionState.COMPLETED, "aws.s3.enable-versioning", "res-9", "aws:s3:bucket/b",
                Optional.of("f-1"), Optional.of("pol-1"), "alice", true, "fix it", Map.of(),
                List.of(new Approval("bob", t, "ok")),
                Optional.of(new Plan("enable versioning", List.of(), false, 3, t, Map.of(), Map.of(), Map.of())),
                Optional.empty(), List.of(plan, before), t, t, 7, seq, 1);
    }

    private void transition(Principal actor, LedgerKind kind, ActionState state) {
        ActionEvent e = appendEvent(ActionEvent.typeOf(state), state, Map.of("by", actor.subject()));
        audit.recordActionRequest(actor, kind, e);
    }

    private ActionEvent appendEvent(String type, ActionState state, Map<String, Object> data) {
        clock.advance(Duration.ofMillis(1234));
        ActionEvent e = new ActionEvent(ACTION_ID, ++seq, type, state, clock.instant(), type + " happened", data);
        events.append(TENANT, e);
        return e;
    }

    @Test
    void bundle_ofAnUntouchedAction_verifies() {
        byte[] zip = writer.write(TENANT, action);

        BundleVerification v = BundleVerifier.verify(zip, Optional.of(signer.publicJwk()));

        assertThat(v.problems()).isEmpty();
        assertThat(v.ok()).isTrue();
    }

    @Test
    void bundle_holdsTheLayoutOfApiMd() {
        Map<String, byte[]> files = unzip(writer.write(TENANT, action));

        assertThat(files.keySet()).containsExactlyInAnyOrder("manifest.json", "events.ndjson", "ledger.ndjson",
                "tree-head.jws", "public-key.jwk.json", "blobs/" + action.evidence().get(0).sha256(),
                "blobs/" + action.evidence().get(1).sha256());
        Map<String, Object> manifest = JsonTreeReader.readObject(files.get("manifest.json"));
        assertThat(manifest).containsEntry("action_id", ACTION_ID).containsEntry("handler", "aws.s3.enable-versioning");
        assertThat((List<?>) manifest.get("evidence")).hasSize(2);
        assertThat(lines(files.get("events.ndjson"))).hasSize(8);
        // 7 state transitions and 2 evidence.put entries; not the policy, resource, unrelated blob or other action.
        List<String> ledgerLines = lines(files.get("ledger.ndjson"));
        assertThat(ledgerLines).hasSize(9);
        Map<String, Object> line = JsonTreeReader.readObject(ledgerLines.getFirst().getBytes(StandardCharsets.UTF_8));
        assertThat(line).containsOnlyKeys("entry", "leaf_hash", "proof");
        assertThat(List.copyOf(((Map<?, ?>) line.get("proof")).keySet())).map(Object::toString).containsExactlyInAnyOrder("tree_size", "path");
        assertThat(JsonTreeReader.readObject(files.get("public-key.jwk.json"))).containsOnlyKeys("kty", "crv", "x", "y");
    }

    @Test
    void changedBlob_failsVerification() {
        String name = "blobs/" + action.evidence().get(1).sha256();

        assertFailsWith(edit(name, b -> flip(b, 2)), name + ": changed blob");
    }

    @Test
    void changedEvent_failsVerification() {
        assertFailsWith(editText("events.ndjson", s -> s.replace("action.approved happened", "action.approved happenee")),
                "events.ndjson line 5: changed event seq 5");
    }

    @Test
    void removedEvent_failsVerification() {
        assertFailsWith(editText("events.ndjson", s -> s.substring(s.indexOf('\n') + 1)),
                "missing the event recorded by ledger entry");
    }

    @Test
    void changedEntry_failsVerification() {
        assertFailsWith(editText("ledger.ndjson", s -> s.replaceFirst("\"actor\":\"bob\"", "\"actor\":\"bot\"")),
                "changed entry seq");
    }

    @Test
    void changedEntryWithItsLeafHash_failsTheInclusionProof() {
        byte[] zip = writer.write(TENANT, action);
        String ledgerText = new String(unzip(zip).get("ledger.ndjson"), StandardCharsets.UTF_8);
        Map<String, Object> line = JsonTreeReader.readObject(ledgerText.split("\n")[0].getBytes(StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = new LinkedHashMap<>((Map<String, Object>) line.get("entry"));
        entry.put("actor", "mallory");
        Map<String, Object> forged = new LinkedHashMap<>(line);
        forged.put("entry", entry);
        forged.put("leaf_hash", MerkleHashes.hex(LedgerEntries.leafHashOfTree(entry)));
        String rest = ledgerText.substring(ledgerText.indexOf('\n'));
        byte[] tampered = rezip(zip, "ledger.ndjson",
                (io.praetor.domain.json.CanonicalJson.toJson(forged) + rest).getBytes(StandardCharsets.UTF_8));

        assertFailsWith(tampered, "ledger.ndjson line 1: bad inclusion proof for seq");
    }

    @Test
    void changedProof_failsVerification() {
        assertFailsWith(editText("ledger.ndjson", s -> {
            int at = s.indexOf("\"path\":[\"") + 9;
            return s.substring(0, at) + (s.charAt(at) == '0' ? '1' : '0') + s.substring(at + 1);
        }), "ledger.ndjson line 1: bad inclusion proof for seq");
    }

    @Test
    void changedSignature_failsVerification() {
        assertFailsWith(edit("tree-head.jws", b -> flip(b, b.length - 20)), "tree-head.jws: bad signature");
    }

    @Test
    void changedHeadPayload_failsVerification() {
        assertFailsWith(edit("tree-head.jws", b -> flip(b, 60)), "tree-head.jws: bad signature");
    }

    @Test
    void anotherKey_isAKeyMismatch() {
        Map<String, Object> otherKey = new LinkedHashMap<>(LocalKeySigner.generate().publicJwk());
        byte[] zip = rezip(writer.write(TENANT, action), "public-key.jwk.json",
                io.praetor.domain.json.CanonicalJson.toBytes(otherKey));

        assertFailsWith(zip, "tree-head.jws: key mismatch");
    }

    @Test
    void aBundleReSignedWithAnotherKey_failsAgainstTheTrustedKey() {
        LocalKeySigner forger = LocalKeySigner.generate();
        LedgerService forgedLedger = new LedgerService(ledgerStore, TestDoubles.PASS_THROUGH, forger, clock);
        byte[] zip = new BundleWriter(forgedLedger, events, evidenceStore).write(TENANT, action);

        assertThat(BundleVerifier.verify(zip).ok()).as("self-consistent without a trusted key").isTrue();
        BundleVerification v = BundleVerifier.verify(zip, Optional.of(signer.publicJwk()));
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anyMatch(p -> p.contains("key mismatch: the bundle's key is not the trusted key"));
    }

    @Test
    void changedManifestEvidenceList_failsVerification() {
        String sha = action.evidence().getFirst().sha256();
        String other = (sha.charAt(0) == 'a' ? "b" : "a") + sha.substring(1);

        assertFailsWith(editText("manifest.json", s -> s.replace(sha, other)), "manifest.json: missing blob " + other);
    }

    @Test
    void removedBlob_withItsManifestListing_failsVerification() {
        String sha = action.evidence().getFirst().sha256();
        byte[] zip = writer.write(TENANT, action);
        Map<String, byte[]> files = unzip(zip);
        files.remove("blobs/" + sha);
        String manifest = new String(files.get("manifest.json"), StandardCharsets.UTF_8);
        Map<String, Object> m = new LinkedHashMap<>(JsonTreeReader.readObject(files.get("manifest.json")));
        m.put("evidence", ((List<?>) m.get("evidence")).stream()
                .filter(e -> !sha.equals(((Map<?, ?>) e).get("sha256"))).toList());
        assertThat(manifest).contains(sha);
        files.put("manifest.json", io.praetor.domain.json.JsonTreeWriter.toBytes(m));

        assertFailsWith(zipOf(files), "missing blob recorded by ledger entry seq");
    }

    @Test
    void aBrokenZip_failsVerification() {
        byte[] zip = writer.write(TENANT, action);
        zip[zip.length / 2] ^= 0x10;

        assertThat(BundleVerifier.verify(zip).ok()).isFalse();
        assertThat(BundleVerifier.verify(new byte[] {1, 2, 3}).problems()).anyMatch(p -> p.contains("not a readable zip"));
    }

    /** One flipped bit at sampled positions of every part that the signature covers: every one must be caught. */
    @Test
    void everyFlippedByte_inTheSignedParts_failsVerification() {
        byte[] zip = writer.write(TENANT, action);
        Map<String, byte[]> files = unzip(zip);
        Random random = new Random(3);
        List<String> undetected = new ArrayList<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            if (f.getKey().equals("manifest.json") || f.getKey().equals("events.ndjson")) continue;
            int n = f.getValue().length;
            for (int sample = 0; sample < Math.min(n, 120); sample++) {
                int pos = sample < 3 ? new int[] {0, n / 2, n - 1}[sample] : random.nextInt(n);
                byte[] zipped = rezip(zip, f.getKey(), flip(f.getValue(), pos));
                if (BundleVerifier.verify(zipped, Optional.of(signer.publicJwk())).ok()) {
                    undetected.add(f.getKey() + "@" + pos);
                }
            }
        }
        // Events: every byte of every state event (progress events are not recorded in the ledger).
        byte[] ev = files.get("events.ndjson");
        String text = new String(ev, StandardCharsets.UTF_8);
        int lineStart = 0;
        for (String line : text.split("\n")) {
            if (!line.contains("action.progress")) {
                for (int i = 0; i < line.length(); i += 5) {
                    if (BundleVerifier.verify(rezip(zip, "events.ndjson", flip(ev, lineStart + i))).ok()) {
                        undetected.add("events.ndjson@" + (lineStart + i));
                    }
                }
            }
            lineStart += line.length() + 1;
        }
        assertThat(undetected).isEmpty();
    }

    private void assertFailsWith(byte[] zip, String problem) {
        BundleVerification v = BundleVerifier.verify(zip, Optional.of(signer.publicJwk()));
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains(problem));
    }

    private byte[] edit(String name, UnaryOperator<byte[]> change) {
        byte[] zip = writer.write(TENANT, action);
        return rezip(zip, name, change.apply(unzip(zip).get(name)));
    }

    private byte[] editText(String name, UnaryOperator<String> change) {
        return edit(name, b -> {
            String before = new String(b, StandardCharsets.UTF_8);
            String after = change.apply(before);
            assertThat(after).as("the edit changed " + name).isNotEqualTo(before);
            return after.getBytes(StandardCharsets.UTF_8);
        });
    }

    private static byte[] flip(byte[] content, int pos) {
        byte[] copy = content.clone();
        copy[pos] ^= 0x01;
        return copy;
    }

    private static List<String> lines(byte[] ndjson) {
        return List.of(new String(ndjson, StandardCharsets.UTF_8).split("\n"));
    }

    static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) files.put(e.getName(), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static byte[] rezip(byte[] zip, String name, byte[] content) {
        Map<String, byte[]> files = unzip(zip);
        files.put(name, content);
        return zipOf(files);
    }

    static byte[] zipOf(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                z.putNextEntry(new ZipEntry(f.getKey()));
                z.write(f.getValue());
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
