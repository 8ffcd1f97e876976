package io.praetor.domain.evidence;

import io.praetor.domain.json.ActionJson;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.domain.json.JsonTreeWriter;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.action.Action;
import io.praetor.ports.action.ActionEvent;
import io.praetor.ports.action.ActionEventStore;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.TreeHead;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds an action's evidence bundle, the zip API.md fixes:
 * <ul>
 *   <li>{@code manifest.json}: {@code {format, tenant, action_id, handler, action, evidence:
 *       [{sha256, media_type, name}], tree_size}};</li>
 *   <li>{@code blobs/<sha256>}: every evidence blob of the action;</li>
 *   <li>{@code events.ndjson}: the action's events, one RFC 8785 JSON object per line;</li>
 *   <li>{@code ledger.ndjson}: one line {@code {entry, leaf_hash, proof: {tree_size, path}}} per
 *       ledger entry about the action (its subject is the action id, or it is the
 *       {@code evidence.put} of one of its blobs), proofs against the head below;</li>
 *   <li>{@code tree-head.jws}: a signed head covering every one of those entries;</li>
 *   <li>{@code public-key.jwk.json}: the key that signed it.</li>
 * </ul>
 * Finding the action's entries reads the tenant's ledger once. Thread-safe.
 */
public final class BundleWriter {
    public static final String FORMAT = "praetor.bundle.v1";
    private static final int PAGE = 10_000;

    private final LedgerService ledger;
    private final ActionEventStore events;
    private final EvidenceStore evidence;

    public BundleWriter(LedgerService ledger, ActionEventStore events, EvidenceStore evidence) {
        this.ledger = ledger;
        this.events = events;
        this.evidence = evidence;
    }

    public byte[] write(TenantId tenant, Action action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(tenant, action, out);
        return out.toByteArray();
    }

    public void write(TenantId tenant, Action action, OutputStream out) {
        List<ActionEvent> history = allEvents(tenant, action.id());
        List<EvidenceRef> refs = evidenceOf(tenant, action);
        Set<String> blobHashes = refs.stream().map(EvidenceRef::sha256).collect(Collectors.toSet());
        List<LedgerLeaf> about = entriesAbout(tenant, action.id(), blobHashes);
        long needed = about.isEmpty() ? 0 : about.getLast().entry().seq() + 1;
        TreeHead head = ledger.headCovering(tenant, needed);

        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("tenant", tenant.value());
        manifest.put("action_id", action.id());
        manifest.put("handler", action.handler());
        manifest.put("action", ActionJson.action(action));
        manifest.put("evidence", refs.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sha256", r.sha256());
            m.put("media_type", r.mediaType());
            m.put("name", r.name());
            return (Object) m;
        }).toList());
        manifest.put("tree_size", head.treeSize());

        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            long time = head.timestamp().toEpochMilli();
            put(zip, "manifest.json", JsonTreeWriter.toBytes(manifest, true), time);
            for (EvidenceRef r : refs) {
                byte[] blob = evidence.get(tenant, r.sha256()).orElseThrow(() ->
                        new PraetorException(ErrorCode.INTERNAL, "evidence blob " + r.sha256() + " is listed but missing"));
                put(zip, "blobs/" + r.sha256(), blob, time);
            }
            ByteArrayOutputStream ev = new ByteArrayOutputStream();
            for (ActionEvent e : history) {
                ev.write(CanonicalJson.toBytes(ActionJson.event(e)));
                ev.write('\n');
            }
            put(zip, "events.ndjson", ev.toByteArray(), time);
            ByteArrayOutputStream led = new ByteArrayOutputStream();
            for (LedgerLeaf leaf : about) {
                LedgerEntry e = leaf.entry();
                InclusionProof proof = ledger.inclusionProof(tenant, e.seq(), head.treeSize());
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("entry", LedgerEntries.toTree(e));
                line.put("leaf_hash", leaf.leafHash());
                line.put("proof", Map.of("tree_size", proof.treeSize(), "path", proof.path()));
                led.write(CanonicalJson.toBytes(line));
                led.write('\n');
            }
            put(zip, "ledger.ndjson", led.toByteArray(), time);
            put(zip, "tree-head.jws", (head.jws() + "\n").getBytes(StandardCharsets.US_ASCII), time);
            put(zip, "public-key.jwk.json", JsonTreeWriter.toBytes(
                    TreeHeadJws.publicJwk(TreeHeadJws.publicKey(ledger.publicKey())), true), time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] content, long time) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time);
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private List<ActionEvent> allEvents(TenantId tenant, String actionId) {
        List<ActionEvent> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<ActionEvent> page = events.read(tenant, actionId, after, 1000);
            if (page.isEmpty()) return out;
            out.addAll(page);
            after = page.getLast().seq();
        }
    }

    private List<EvidenceRef> evidenceOf(TenantId tenant, Action action) {
        Map<String, EvidenceRef> bySha = new LinkedHashMap<>();
        for (EvidenceRef r : evidence.list(tenant, Optional.of(action.id()))) bySha.putIfAbsent(r.sha256(), r);
        for (EvidenceRef r : action.evidence()) bySha.putIfAbsent(r.sha256(), r);
        return List.copyOf(bySha.values());
    }

    private List<LedgerLeaf> entriesAbout(TenantId tenant, String actionId, Set<String> blobHashes) {
        List<LedgerLeaf> out = new ArrayList<>();
        long size = ledger.size(tenant);
        for (long from = 0; from < size; ) {
            List<LedgerLeaf> page = ledger.read(tenant, from, (int) Math.min(PAGE, size - from));
            if (page.isEmpty()) break;
            for (LedgerLeaf leaf : page) {
                LedgerEntry e = leaf.entry();
                boolean blobOfAction = LedgerKind.EVIDENCE_PUT.wireName().equals(e.kind())
                        && blobHashes.contains(e.payloadSha256());
                if (e.subject().equals(actionId) || blobOfAction) out.add(leaf);
            }
            from += page.size();
        }
        return out;
    }
}
