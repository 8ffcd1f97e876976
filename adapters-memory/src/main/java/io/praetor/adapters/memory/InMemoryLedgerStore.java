package io.praetor.adapters.memory;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.TreeHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Each tenant's leaves in a list whose index is the seq, and its largest signed head. */
final class InMemoryLedgerStore implements LedgerStore {
    private final TenantMaps<Log> tenants = new TenantMaps<>(Log::new);

    private static final class Log {
        final List<LedgerLeaf> leaves = new ArrayList<>();
        TreeHead latest;
    }

    @Override
    public void append(TenantId tenant, long expectedSize, List<LedgerLeaf> leaves) {
        Log log = tenants.of(tenant);
        synchronized (log) {
            if (log.leaves.size() != expectedSize) {
                throw new PraetorException(ErrorCode.CONFLICT, "ledger of " + tenant + " has " + log.leaves.size()
                        + " entries, not " + expectedSize);
            }
            for (int i = 0; i < leaves.size(); i++) {
                if (leaves.get(i).entry().seq() != expectedSize + i) {
                    throw new PraetorException(ErrorCode.CONFLICT, "ledger leaf seq " + leaves.get(i).entry().seq()
                            + " does not continue from " + (expectedSize + i));
                }
            }
            log.leaves.addAll(leaves);
        }
    }

    @Override
    public long size(TenantId tenant) {
        Log log = tenants.of(tenant);
        synchronized (log) {
            return log.leaves.size();
        }
    }

    @Override
    public List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
        Log log = tenants.of(tenant);
        if (limit <= 0 || from < 0) return List.of();
        synchronized (log) {
            int start = (int) Math.min(from, log.leaves.size());
            int end = (int) Math.min(log.leaves.size(), (long) start + limit);
            return List.copyOf(log.leaves.subList(start, end));
        }
    }

    @Override
    public void putTreeHead(TreeHead head) {
        Log log = tenants.of(head.tenant());
        synchronized (log) {
            if (log.latest == null || head.treeSize() >= log.latest.treeSize()) log.latest = head;
        }
    }

    @Override
    public Optional<TreeHead> latestTreeHead(TenantId tenant) {
        Log log = tenants.of(tenant);
        synchronized (log) {
            return Optional.ofNullable(log.latest);
        }
    }

    @Override
    public List<TenantId> tenants() {
        TreeSet<TenantId> out = new TreeSet<>();
        tenants.all().forEach((tenant, log) -> {
            synchronized (log) {
                if (!log.leaves.isEmpty()) out.add(tenant);
            }
        });
        return new ArrayList<>(out);
    }
}
