package io.praetor.domain.evidence;

import io.praetor.domain.json.CanonicalJson;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.Transactions;
import io.praetor.ports.evidence.LedgerEntry;
import io.praetor.ports.evidence.LedgerLeaf;
import io.praetor.ports.evidence.LedgerStore;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.evidence.TreeHead;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's append-only Merkle ledger: appends, signed tree heads, proofs, verification and
 * export, over the {@link LedgerStore} port.
 *
 * <p>Appends of one tenant are combined (group commit, ADR 0035): callers queue their entries and
 * one of them, the tenant's writer, writes everything queued in one conditional store call and one
 * transaction, so concurrent callers share the round trips and the commit; each returns once its
 * own entries are stored, with their seqs, or with the batch's failure. A CONFLICT from the store (another instance appended)
 * reloads the missing leaves and retries. Every tenant's tree is cached with all its complete
 * subtree hashes ({@link MerkleTree}, about 64 bytes per entry, loaded from the store on first
 * use), so appends never rehash history and proofs cost O(log² n).
 *
 * <p>Tree heads are signed on demand ({@link #signHead}) and, once {@link #start()} is called, in
 * the background for every tenant that appended since its last head, every {@code headInterval}
 * (one second by default). Thread-safe.
 */
public final class LedgerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerService.class);
    private static final int PAGE = 10_000;
    private static final int MAX_CONFLICT_RETRIES = 50;

    private final LedgerStore store;
    private final Transactions transactions;
    private final Signer signer;
    private final InstantSource clock;
    private final Duration headInterval;
    private final ConcurrentHashMap<TenantId, TenantLog> logs = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService background;

    public LedgerService(LedgerStore store, Transactions transactions, Signer signer, InstantSource clock) {
        this(store, transactions, signer, clock, Duration.ofSeconds(1));
    }

    /**
     * {@code transactions} are those of {@code store}'s family: a write and its retries run in one, so
     * a store that serialises writers with a lock held to the end of the transaction (PostgreSQL)
     * keeps it across a CONFLICT, the catch-up and the retry, which then cannot lose again.
     */
    public LedgerService(LedgerStore store, Transactions transactions, Signer signer, InstantSource clock,
                         Duration headInterval) {
        this.store = store;
        this.transactions = transactions;
        this.signer = signer;
        this.clock = clock;
        this.headInterval = headInterval;
        if (headInterval.isNegative() || headInterval.isZero()) throw new IllegalArgumentException("headInterval must be positive");
    }

    private static final class TenantLog {
        /** Guards the cached tree (catch-up, writes, signing, proofs). */
        final ReentrantLock lock = new ReentrantLock();
        final MerkleTree tree = new MerkleTree();
        final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
        /** Set while one caller writes a batch for everyone queued (ADR 0035). */
        final AtomicBoolean writing = new AtomicBoolean();
        volatile long signedSize = -1;
        boolean loaded;
    }

    /** Entries waiting to be written by whichever caller is the tenant's writer. */
    private static final class Pending {
        final List<NewEntry> entries;
        final Thread caller = Thread.currentThread();
        List<LedgerEntry> written;
        RuntimeException failure;
        /** Written after {@link #written} or {@link #failure}, so reading it true publishes them. */
        volatile boolean done;

        Pending(List<NewEntry> entries) {
            this.entries = entries;
        }
    }

    /** Starts signing heads in the background every {@code headInterval}. Idempotent. */
    public synchronized void start() {
        if (background != null) return;
        background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "praetor-ledger-heads");
            t.setDaemon(true);
            return t;
        });
        long ms = headInterval.toMillis();
        background.scheduleWithFixedDelay(() -> {
            try {
                signPendingHeads();
            } catch (RuntimeException e) {
                LOG.warn("signing pending tree heads failed; retrying in {} ms", ms, e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Stops the background signer after signing what is pending. */
    @Override
    public synchronized void close() {
        if (background == null) return;
        background.shutdown();
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        background = null;
        try {
            signPendingHeads();
        } catch (RuntimeException e) {
            LOG.warn("signing pending tree heads on close failed", e);
        }
    }

    public LedgerEntry append(TenantId tenant, NewEntry entry) {
        return appendAll(tenant, List.of(entry)).getFirst();
    }

    public LedgerEntry append(TenantId tenant, String actor, LedgerKind kind, String subject, String payloadSha256) {
        return append(tenant, new NewEntry(actor, kind, subject, payloadSha256));
    }

    /**
     * Appends {@code entries} contiguously, in order, with one {@code at} (the clock, to the
     * millisecond), and returns them with their seqs. All or nothing.
     */
    public List<LedgerEntry> appendAll(TenantId tenant, List<NewEntry> entries) {
        if (entries.isEmpty()) return List.of();
        TenantLog log = log(tenant);
        Pending mine = new Pending(List.copyOf(entries));
        log.queue.add(mine);
        // Group commit (ADR 0035): one caller at a time is the tenant's writer and writes everything
        // queued in one store call and one transaction; the others sleep until their own entries are
        // durable (or failed) and are woken one by one, by the writer, not by a lock they would each
        // have to take in turn. When the writer is done, the caller at the head of the queue (who
        // came while it wrote) is woken to write the next batch.
        boolean interrupted = false;
        while (!mine.done) {
            if (log.writing.compareAndSet(false, true)) {
                try {
                    if (!mine.done) writeQueued(tenant, log);
                } finally {
                    log.writing.set(false);
                }
                // a caller that queued while this batch was written saw `writing` and went to sleep
                Pending next = log.queue.peek();
                if (next != null) LockSupport.unpark(next.caller);
            } else {
                LockSupport.park(log);
                // the entries cannot be withdrawn once queued: wait for their outcome, keep the flag
                if (Thread.interrupted()) interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        if (mine.failure != null) throw mine.failure;
        // an Error in the writer leaves neither: the entries were not stored
        if (mine.written == null) throw new PraetorException(ErrorCode.INTERNAL, "the ledger write of " + tenant + " failed");
        return mine.written;
    }

    /** As the tenant's writer: writes every queued entry in one store call, then wakes their callers. */
    private void writeQueued(TenantId tenant, TenantLog log) {
        List<Pending> batch = new ArrayList<>();
        log.lock.lock();
        try {
            Pending p;
            while ((p = log.queue.poll()) != null) batch.add(p);
            writeBatch(tenant, log, batch);
        } finally {
            log.lock.unlock();
            for (Pending q : batch) {
                q.done = true;
                LockSupport.unpark(q.caller);
            }
        }
    }

    /** Under the tenant's lock: the batch's entries in one conditional store call, all or nothing. */
    private void writeBatch(TenantId tenant, TenantLog log, List<Pending> batch) {
        try {
            // A loaded tree is not re-checked against the store before writing: the store's append is
            // conditional on the size, so a tree left behind by another instance costs one CONFLICT
            // and a catch-up, and an up-to-date one (the usual case) costs no read at all.
            if (!log.loaded) catchUp(tenant, log);
            // One transaction for the attempts: on PostgreSQL the first takes the tenant's ledger lock
            // and keeps it to the commit, so after a CONFLICT (another instance appended) the catch-up
            // and the retry run while no one else can append. The hashes go into the cached tree once
            // the transaction has returned (committed, unless a caller's transaction is open).
            List<byte[]> written = transactions.inTransaction(() -> {
                for (int attempt = 0; ; attempt++) {
                    long base = log.tree.size();
                    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                    List<LedgerLeaf> leaves = new ArrayList<>();
                    List<byte[]> hashes = new ArrayList<>();
                    long seq = base;
                    for (Pending q : batch) {
                        List<LedgerEntry> entries = new ArrayList<>(q.entries.size());
                        for (NewEntry n : q.entries) {
                            LedgerEntry e = new LedgerEntry(seq++, at, tenant, n.actor(), n.kind().wireName(), n.subject(),
                                    n.payloadSha256());
                            byte[] leaf = LedgerEntries.leafHash(e);
                            hashes.add(leaf);
                            leaves.add(new LedgerLeaf(e, MerkleHashes.hex(leaf)));
                            entries.add(e);
                        }
                        q.written = List.copyOf(entries);
                    }
                    try {
                        store.append(tenant, base, leaves);
                        return hashes;
                    } catch (PraetorException e) {
                        if (e.code() != ErrorCode.CONFLICT || attempt >= MAX_CONFLICT_RETRIES) throw e;
                        catchUp(tenant, log);
                    }
                }
            });
            for (byte[] h : written) log.tree.append(h);
        } catch (RuntimeException e) {
            // nothing of the batch is stored (one conditional append, one transaction): every caller
            // in it gets the failure, none a seq
            for (Pending q : batch) {
                q.written = null;
                q.failure = e;
            }
        }
    }

    /** Under the tenant's lock: adds what the store has beyond the cached tree (first use, other instances). */
    private void catchUp(TenantId tenant, TenantLog log) {
        if (!log.loaded) {
            // What earlier runs already signed is not pending.
            log.signedSize = store.latestTreeHead(tenant).map(TreeHead::treeSize).orElse(0L);
            log.loaded = true;
        }
        // Reads what follows the cached tree until a short page, rather than asking the size first:
        // one query when nothing is new, and no max(seq) over the tenant's whole log.
        while (true) {
            List<LedgerLeaf> page = store.read(tenant, log.tree.size(), PAGE);
            for (LedgerLeaf leaf : page) {
                if (leaf.entry().seq() != log.tree.size()) {
                    throw new PraetorException(ErrorCode.INTERNAL, "ledger store returned seq " + leaf.entry().seq()
                            + " where " + log.tree.size() + " was expected");
                }
                log.tree.append(MerkleHashes.fromHex(leaf.leafHash()));
            }
            if (page.size() < PAGE) return;
        }
    }

    private TenantLog log(TenantId tenant) {
        return logs.computeIfAbsent(tenant, t -> new TenantLog());
    }

    /** The tenant's tree, brought up to date with the store. */
    private MerkleTree tree(TenantId tenant) {
        TenantLog log = log(tenant);
        log.lock.lock();
        try {
            catchUp(tenant, log);
            return log.tree;
        } finally {
            log.lock.unlock();
        }
    }

    public long size(TenantId tenant) {
        return tree(tenant).size();
    }

    /** The root hash (hex) over the first {@code treeSize} entries. */
    public String rootHash(TenantId tenant, long treeSize) {
        MerkleTree tree = tree(tenant);
        checkSize(tree, treeSize);
        return MerkleHashes.hex(tree.root(treeSize));
    }

    /** Signs a head over everything appended so far and stores it. */
    public TreeHead signHead(TenantId tenant) {
        TenantLog log = log(tenant);
        long size;
        byte[] root;
        log.lock.lock();
        try {
            catchUp(tenant, log);
            size = log.tree.size();
            root = log.tree.root(size);
        } finally {
            log.lock.unlock();
        }
        TreeHead head = TreeHeadJws.sign(signer, tenant, size, root, clock.instant());
        store.putTreeHead(head);
        synchronized (log) {
            log.signedSize = Math.max(log.signedSize, size);
        }
        return head;
    }

    /** The latest signed head; signs one if none exists yet. */
    public TreeHead latestHead(TenantId tenant) {
        return store.latestTreeHead(tenant).orElseGet(() -> signHead(tenant));
    }

    /** A signed head covering at least {@code minSize} entries: the latest if it does, else a new one. */
    public TreeHead headCovering(TenantId tenant, long minSize) {
        Optional<TreeHead> latest = store.latestTreeHead(tenant);
        if (latest.isPresent() && latest.get().treeSize() >= minSize) return latest.get();
        return signHead(tenant);
    }

    /** Signs a head for every tenant that appended since its last one (what the background signer runs). */
    public void signPendingHeads() {
        for (Map.Entry<TenantId, TenantLog> e : logs.entrySet()) {
            TenantLog log = e.getValue();
            if (log.loaded && log.tree.size() > log.signedSize) signHead(e.getKey());
        }
    }

    public Map<String, String> publicKey() {
        return signer.publicJwk();
    }

    /** Entries with seq in [from, from + limit), with their leaf hashes, as stored. */
    public List<LedgerLeaf> read(TenantId tenant, long from, int limit) {
        if (from < 0 || limit < 0) throw new PraetorException(ErrorCode.VALIDATION, "from and limit must not be negative");
        return store.read(tenant, from, limit);
    }

    public InclusionProof inclusionProof(TenantId tenant, long seq, long treeSize) {
        MerkleTree tree = tree(tenant);
        checkSize(tree, treeSize);
        if (seq < 0 || seq >= treeSize) {
            throw new PraetorException(ErrorCode.VALIDATION, "seq " + seq + " is not in a tree of size " + treeSize);
        }
        return new InclusionProof(seq, treeSize, MerkleHashes.hex(tree.leaf(seq)), hex(tree.inclusionPath(seq, treeSize)),
                MerkleHashes.hex(tree.root(treeSize)));
    }

    public ConsistencyProof consistencyProof(TenantId tenant, long fromSize, long toSize) {
        MerkleTree tree = tree(tenant);
        checkSize(tree, toSize);
        if (fromSize < 0 || fromSize > toSize) {
            throw new PraetorException(ErrorCode.VALIDATION, "from must be between 0 and to (" + toSize + ")");
        }
        return new ConsistencyProof(fromSize, toSize, MerkleHashes.hex(tree.root(fromSize)),
                MerkleHashes.hex(tree.root(toSize)), hex(tree.consistencyPath(fromSize, toSize)));
    }

    /**
     * Re-reads the whole stored log and recomputes it: every entry's seq, tenant and leaf hash, the
     * root, and the latest signed head (signature, key and root at its size). Names the first entry
     * that does not match its stored leaf hash.
     */
    public LedgerVerification verify(TenantId tenant) {
        List<String> problems = new ArrayList<>();
        Optional<Long> firstBad = Optional.empty();
        Optional<TreeHead> head = store.latestTreeHead(tenant);
        long headSize = head.map(TreeHead::treeSize).orElse(-1L);
        byte[] rootAtHead = null;
        MerkleFrontier frontier = new MerkleFrontier();
        long size = store.size(tenant);
        if (headSize == 0) rootAtHead = frontier.root();
        while (frontier.size() < size) {
            List<LedgerLeaf> page = store.read(tenant, frontier.size(), PAGE);
            if (page.isEmpty()) {
                problems.add("the store reports " + size + " entries but returns only " + frontier.size());
                break;
            }
            // Hashing entries is independent: do a page in parallel, then fold it in order.
            List<byte[]> hashes = page.parallelStream().map(l -> LedgerEntries.leafHash(l.entry())).toList();
            for (int i = 0; i < page.size(); i++) {
                LedgerLeaf leaf = page.get(i);
                long expected = frontier.size();
                LedgerEntry e = leaf.entry();
                byte[] computed = hashes.get(i);
                String why = null;
                if (e.seq() != expected) why = "entry at position " + expected + " has seq " + e.seq();
                else if (!e.tenant().equals(tenant)) why = "entry seq " + expected + " belongs to tenant " + e.tenant();
                else if (!MerkleHashes.hex(computed).equals(leaf.leafHash())) {
                    why = "entry seq " + expected + " does not match its leaf hash (changed entry)";
                }
                if (why != null && firstBad.isEmpty()) {
                    firstBad = Optional.of(expected);
                    problems.add(why);
                }
                frontier.append(computed);
                if (frontier.size() == headSize) rootAtHead = frontier.root();
            }
        }
        String root = MerkleHashes.hex(frontier.root());
        if (head.isPresent()) {
            TreeHeadJws.Check check = TreeHeadJws.verify(head.get().jws(), TreeHeadJws.publicKey(signer.publicJwk()));
            problems.addAll(check.problems());
            check.claims().ifPresent(c -> {
                if (!c.tenant().equals(tenant.value()) || c.treeSize() != head.get().treeSize()
                        || !c.rootHash().equals(head.get().rootHash())) {
                    problems.add("the stored tree head does not match its signed payload");
                }
            });
            if (headSize > size) {
                problems.add("the signed head covers " + headSize + " entries but the log has " + size);
            } else if (rootAtHead != null && !MerkleHashes.hex(rootAtHead).equals(head.get().rootHash())) {
                problems.add("the root over the first " + headSize + " entries does not match the signed tree head");
            }
        }
        return new LedgerVerification(problems.isEmpty(), frontier.size(), root, firstBad, problems);
    }

    /**
     * Writes the export that {@code praetor ledger verify --file} reads (see {@link LedgerVerifier}):
     * one line per entry, the RFC 8785 JSON of the entry (exactly the bytes its leaf hash covers),
     * seq 0 upward, then one line {@code {"tree_head": "<JWS>"}} with a head signed over exactly
     * the exported entries. Returns that head.
     */
    public TreeHead export(TenantId tenant, OutputStream out) {
        TreeHead head = latestHead(tenant);
        if (head.treeSize() != size(tenant)) head = signHead(tenant);
        try {
            long next = 0;
            while (next < head.treeSize()) {
                List<LedgerLeaf> page = store.read(tenant, next, (int) Math.min(PAGE, head.treeSize() - next));
                if (page.isEmpty()) throw new PraetorException(ErrorCode.INTERNAL, "ledger store ended before seq " + next);
                for (LedgerLeaf leaf : page) {
                    out.write(LedgerEntries.canonicalBytes(leaf.entry()));
                    out.write('\n');
                    next++;
                }
            }
            out.write(CanonicalJson.toBytes(Map.of("tree_head", head.jws())));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return head;
    }

    private static void checkSize(MerkleTree tree, long treeSize) {
        if (treeSize < 0 || treeSize > tree.size()) {
            throw new PraetorException(ErrorCode.VALIDATION,
                    "tree_size " + treeSize + " is not between 0 and the ledger's size " + tree.size());
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(MerkleHashes::hex).toList();
    }
}
