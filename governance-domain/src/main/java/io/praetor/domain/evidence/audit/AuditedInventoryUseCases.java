package io.praetor.domain.evidence.audit;

import io.praetor.domain.evidence.AuditTrail;
import io.praetor.domain.evidence.LedgerKind;
import io.praetor.domain.evidence.MerkleHashes;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.Page;
import io.praetor.ports.PageRequest;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.inventory.ResourceQuery;
import io.praetor.ports.usecase.ImportResult;
import io.praetor.ports.usecase.InventoryUseCases;
import io.praetor.ports.usecase.ResourceView;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Records {@code inventory.import} (subject: the snapshot id; payload: the envelope and the SHA-256
 * of the body, see ADR 0009), {@code resource.put} and {@code resource.delete} (subject: the
 * resource id) once the delegate succeeded. Reads pass through. Thread-safe when the delegate is.
 */
public final class AuditedInventoryUseCases implements InventoryUseCases {
    private final InventoryUseCases delegate;
    private final AuditTrail audit;

    public AuditedInventoryUseCases(InventoryUseCases delegate, AuditTrail audit) {
        this.delegate = Objects.requireNonNull(delegate);
        this.audit = Objects.requireNonNull(audit);
    }

    @Override
    public ImportResult importSnapshot(Principal principal, SnapshotImport request, InputStream body) {
        HashingInput hashed = new HashingInput(body);
        ImportResult result = delegate.importSnapshot(principal, request, hashed);
        audit.record(principal, LedgerKind.INVENTORY_IMPORT, result.snapshotId(),
                AuditPayloads.snapshotImport(request, hashed.sha256OfAll()));
        return result;
    }

    @Override
    public Resource putResource(Principal principal, Resource resource) {
        Resource stored = delegate.putResource(principal, resource);
        audit.record(principal, LedgerKind.RESOURCE_PUT, stored.id(), AuditPayloads.resource(resource));
        return stored;
    }

    @Override
    public void deleteResource(Principal principal, String id) {
        delegate.deleteResource(principal, id);
        audit.record(principal, LedgerKind.RESOURCE_DELETE, id, AuditPayloads.named("resource_id", id));
    }

    @Override
    public Page<Resource> resources(Principal principal, ResourceQuery query, PageRequest page) {
        return delegate.resources(principal, query, page);
    }

    @Override
    public ResourceView resource(Principal principal, String id) {
        return delegate.resource(principal, id);
    }

    /**
     * Hashes every byte the importer reads; {@link #sha256OfAll} reads what it left (trailing bytes
     * after the document) so the hash is of the whole body whatever the reader stopped at. Closing it
     * does not close the body: the caller owns that.
     */
    static final class HashingInput extends FilterInputStream {
        private final MessageDigest digest;

        HashingInput(InputStream in) {
            super(Objects.requireNonNull(in));
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new PraetorException(ErrorCode.INTERNAL, "no SHA-256 in this JDK");
            }
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) digest.update((byte) b);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) digest.update(buf, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be hashed too.
            byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 0))];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) break;
                left -= r;
            }
            return n - left;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void mark(int readlimit) {
            // not supported: a reset would hash bytes twice
        }

        @Override
        public void reset() throws IOException {
            throw new IOException("mark/reset not supported");
        }

        @Override
        public void close() {
            // the caller closes the body
        }

        String sha256OfAll() {
            byte[] buf = new byte[8192];
            try {
                while (read(buf, 0, buf.length) >= 0) {
                    // hashed by read
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return MerkleHashes.hex(digest.digest());
        }
    }
}
