package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.EvidenceRef;
import io.praetor.ports.evidence.EvidenceStore;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

/**
 * Content-addressed evidence files: {@code <dir>/<tenant>/<first two hex digits>/<sha256>}, written
 * to a temporary file and renamed into place so a reader never sees half a blob, and never
 * rewritten once there. Each tenant's {@code index} file has one line per reference (hash, size,
 * stored time, action id, media type, name; fields percent-encoded, tab-separated), appended in
 * storing order. One process owns a directory: the index is cached and appended under a lock.
 */
public final class FilesystemEvidenceStore implements EvidenceStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String INDEX = "index";

    private final Path root;
    private final InstantSource clock;
    private final ConcurrentMap<TenantId, List<EvidenceRef>> indexes = new ConcurrentHashMap<>();

    /** Stores under {@code root}, which is created when missing. */
    public FilesystemEvidenceStore(Path root, InstantSource clock) {
        this.root = root;
        this.clock = clock;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw unavailable("cannot create evidence directory " + root, e);
        }
    }

    @Override
    public EvidenceRef put(TenantId tenant, byte[] content, String mediaType, String name, Optional<String> actionId) {
        String sha256 = Sha256.hex(content);
        List<EvidenceRef> index = index(tenant);
        synchronized (index) {
            try {
                writeBlobOnce(blobPath(tenant, sha256), content);
                for (EvidenceRef ref : index) {
                    if (ref.sha256().equals(sha256) && ref.actionId().equals(actionId)) return ref;
                }
                EvidenceRef ref = new EvidenceRef(sha256, mediaType, name, content.length, actionId, clock.instant());
                Files.writeString(tenantDir(tenant).resolve(INDEX), line(ref), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
                index.add(ref);
                return ref;
            } catch (IOException e) {
                throw unavailable("cannot store evidence " + sha256, e);
            }
        }
    }

    private static void writeBlobOnce(Path target, byte[] content) throws IOException {
        if (Files.exists(target)) return;
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
        try {
            Files.write(temp, content, StandardOpenOption.SYNC);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
        } catch (FileAlreadyExistsException e) {
            // another writer stored the same bytes first; content addressing makes them identical
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public Optional<byte[]> get(TenantId tenant, String sha256) {
        if (!SHA256.matcher(sha256).matches()) return Optional.empty();
        try {
            return Optional.of(Files.readAllBytes(blobPath(tenant, sha256)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unavailable("cannot read evidence " + sha256, e);
        }
    }

    @Override
    public List<EvidenceRef> list(TenantId tenant, Optional<String> actionId) {
        List<EvidenceRef> index = index(tenant);
        synchronized (index) {
            return index.stream().filter(r -> actionId.isEmpty() || r.actionId().equals(actionId)).toList();
        }
    }

    private List<EvidenceRef> index(TenantId tenant) {
        return indexes.computeIfAbsent(tenant, this::loadIndex);
    }

    private List<EvidenceRef> loadIndex(TenantId tenant) {
        List<EvidenceRef> refs = new ArrayList<>();
        Path file = tenantDir(tenant).resolve(INDEX);
        if (!Files.exists(file)) return refs;
        try {
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!l.isBlank()) refs.add(parse(l));
            }
        } catch (IOException | RuntimeException e) {
            throw unavailable("cannot read evidence index " + file, e);
        }
        return refs;
    }

    private static String line(EvidenceRef ref) {
        return String.join("\t", ref.sha256(), Long.toString(ref.size()), ref.storedAt().toString(),
                ref.actionId().map(FilesystemEvidenceStore::encode).orElse("-"), encode(ref.mediaType()),
                encode(ref.name())) + "\n";
    }

    private static EvidenceRef parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 6) throw new IllegalArgumentException("bad index line");
        Optional<String> actionId = f[3].equals("-") ? Optional.empty() : Optional.of(decode(f[3]));
        return new EvidenceRef(f[0], decode(f[4]), decode(f[5]), Long.parseLong(f[1]), actionId, Instant.parse(f[2]));
    }

    // Percent-encoding keeps tabs and newlines of names out of the line format; "-" encodes as itself,
    // so an action id of "-" is stored as "%2D" to keep it apart from "none".
    private static String encode(String s) {
        String e = URLEncoder.encode(s, StandardCharsets.UTF_8);
        return e.equals("-") ? "%2D" : e;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private Path tenantDir(TenantId tenant) {
        return root.resolve(encode(tenant.value()));
    }

    private Path blobPath(TenantId tenant, String sha256) {
        return tenantDir(tenant).resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static PraetorException unavailable(String message, Exception cause) {
        return new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, message, cause);
    }
}
