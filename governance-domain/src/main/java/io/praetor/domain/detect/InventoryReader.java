package io.praetor.domain.detect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Reads one inventory file, in any format of API.md's normalisation table, into normalised
 * {@link SnapshotEntry entries}, streaming record by record (the raw text is never held whole).
 *
 * <p>The body may be one JSON document or NDJSON (several top-level values) in every format. A top
 * level object is either an envelope (its record list is streamed) or a record; a top-level list
 * holds records or envelopes. Any error stops the read: MALFORMED for unparseable input (with line
 * and column), VALIDATION for a record that breaks a rule (with record index, line and field), and
 * PAYLOAD_TOO_LARGE when a {@link InventoryLimits limit} is exceeded. Resources come with their
 * {@link ContentHasher content hash}, computed in the common fork-join pool while the parser reads
 * on. Thread-safe.
 */
public final class InventoryReader {
    /** Resources per hashing task: large enough to amortise the hand-over, small enough to overlap. */
    private static final int HASH_BATCH = 512;

    private final InstantSource clock;
    private final InventoryLimits limits;
    private final JsonFactory factory;

    public InventoryReader(InstantSource clock, InventoryLimits limits) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        // Our own depth check (with a clearer message) fires first.
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxStringLength(limits.maxResourceBytes())
                        .build())
                .build();
    }

    /** The format values accepted by {@link #read}. */
    public static List<String> formats() {
        return RecordFormat.NAMES;
    }

    /** Reads {@code body} as {@code request.format()}; the caller closes {@code body}. */
    public ParsedSnapshot read(SnapshotImport request, InputStream body) {
        RecordFormat format = formatOf(request);
        return new Pass(format, request, clock.instant()).run(body);
    }

    private RecordFormat formatOf(SnapshotImport request) {
        return switch (request.format()) {
            case "praetor" -> new PraetorFormat();
            case "aws-config" -> new AwsConfigFormat();
            case "azure-resource-graph" -> new AzureResourceGraphFormat();
            case "gcp-asset" -> new GcpAssetFormat();
            case "custodian" -> CustodianFormat.forType(request.type());
            case "kubernetes" -> new KubernetesFormat();
            default -> throw new PraetorException(ErrorCode.MALFORMED, "unknown inventory format " + request.format()
                    + "; supported: " + String.join(", ", RecordFormat.NAMES),
                    List.of(InputIssue.field("format", "one of " + String.join(", ", RecordFormat.NAMES))));
        };
    }

    /** One read of one body. */
    private final class Pass {
        private final RecordFormat format;
        private final SnapshotImport request;
        private final Instant importTime;
        private final JsonTreeReader trees;
        private final LinkedHashMap<String, SnapshotEntry> byId = new LinkedHashMap<>();
        // Content hashes are computed on another core while the parser reads on (see HASH_BATCH).
        private List<Resource> batch = new ArrayList<>(HASH_BATCH);
        private final List<Hashing> hashing = new ArrayList<>();
        private long received;
        private long recordInProgress;
        private JsonParser parser;

        Pass(RecordFormat format, SnapshotImport request, Instant importTime) {
            this.format = format;
            this.request = request;
            this.importTime = importTime;
            this.trees = new JsonTreeReader(factory, limits.maxDepth(), true);
        }

        ParsedSnapshot run(InputStream body) {
            try {
                return parse(body);
            } catch (RuntimeException e) {
                cancelHashing();
                throw e;
            }
        }

        private ParsedSnapshot parse(InputStream body) {
            try (JsonParser p = factory.createParser(new BoundedUtf8Input(body, limits.maxImportBytes()))) {
                parser = p;
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    switch (t) {
                        case START_ARRAY -> {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                expectObject(p);
                                topLevelObject(p, 1);
                            }
                        }
                        case START_OBJECT -> topLevelObject(p, 0);
                        default -> throw malformedHere("expected a JSON object or list, found " + t);
                    }
                }
            } catch (StreamConstraintsException e) {
                throw located(new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, e.getOriginalMessage(),
                        List.of(issueAt(e.getLocation(), e.getOriginalMessage()))));
            } catch (StreamReadException e) {
                throw located(new PraetorException(ErrorCode.MALFORMED, "malformed JSON: " + e.getOriginalMessage(),
                        List.of(issueAt(e.getLocation(), e.getOriginalMessage()))));
            } catch (PraetorException e) {
                throw located(e);
            } catch (IOException e) {
                throw new PraetorException(ErrorCode.MALFORMED, "could not read the inventory body: " + e.getMessage(),
                        e);
            }
            return new ParsedSnapshot(withHashes(), received);
        }

        /** An envelope (its records are read as they stream by) or a record itself. */
        private void topLevelObject(JsonParser p, int depth) throws IOException {
            JsonLocation start = p.currentTokenLocation();
            recordInProgress = received + 1;
            LinkedHashMap<String, Object> fields = new LinkedHashMap<>();
            boolean envelope = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                RecordFormat.Envelope kind = format.envelope(name);
                if (kind == RecordFormat.Envelope.LIST_OF_RECORDS && value == JsonToken.START_ARRAY) {
                    envelope = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        expectObject(p);
                        record(p, depth + 2);
                    }
                } else if (kind == RecordFormat.Envelope.ONE_RECORD && value == JsonToken.START_OBJECT) {
                    envelope = true;
                    record(p, depth + 1);
                } else {
                    if (!envelope) {
                        recordInProgress = received + 1;
                    }
                    fields.put(name, trees.readValue(p, depth + 1, format.expands(name)));
                }
            }
            if (!envelope) {
                finish(fields, start, p.currentLocation());
            }
            recordInProgress = 0;
        }

        private void record(JsonParser p, int depth) throws IOException {
            JsonLocation start = p.currentTokenLocation();
            recordInProgress = received + 1;
            LinkedHashMap<String, Object> fields = trees.readObjectFields(p, depth, format::expands);
            finish(fields, start, p.currentLocation());
            recordInProgress = 0;
        }

        private void finish(LinkedHashMap<String, Object> fields, JsonLocation start, JsonLocation end) {
            long index = ++received;
            if (end.getByteOffset() - start.getByteOffset() > limits.maxResourceBytes()) {
                String message = "record larger than " + limits.maxResourceBytes() + " bytes";
                throw new PraetorException(ErrorCode.PAYLOAD_TOO_LARGE, "record " + index + ": " + message,
                        List.of(new InputIssue("", "", start.getLineNr(), start.getColumnNr(), index, message)));
            }
            RecordContext ctx = new RecordContext(index, start.getLineNr(), start.getColumnNr(), request, importTime);
            SnapshotEntry entry = format.normalise(fields, ctx);
            byId.merge(entry.id(), entry,
                    (earlier, later) -> later.observedAt().isBefore(earlier.observedAt()) ? earlier : later);
            if (entry instanceof SnapshotEntry.Present present) {
                batch.add(present.resource());
                if (batch.size() == HASH_BATCH) {
                    submitBatch();
                }
            }
        }

        private void submitBatch() {
            List<Resource> originals = batch;
            batch = new ArrayList<>(HASH_BATCH);
            hashing.add(new Hashing(originals, CompletableFuture.supplyAsync(() -> {
                List<Resource> hashed = new ArrayList<>(originals.size());
                for (Resource r : originals) {
                    hashed.add(ContentHasher.hashed(r));
                }
                return hashed;
            }, ForkJoinPool.commonPool())));
        }

        /** The entries with their content hashes (a resource replaced by a later record of its id is dropped). */
        private List<SnapshotEntry> withHashes() {
            if (!batch.isEmpty()) {
                submitBatch();
            }
            for (Hashing h : hashing) {
                List<Resource> hashed = h.result().join();
                for (int i = 0; i < hashed.size(); i++) {
                    Resource original = h.originals().get(i);
                    if (byId.get(original.id()) instanceof SnapshotEntry.Present p && p.resource() == original) {
                        byId.put(original.id(), new SnapshotEntry.Present(hashed.get(i)));
                    }
                }
            }
            return new ArrayList<>(byId.values());
        }

        private void cancelHashing() {
            hashing.forEach(h -> h.result().cancel(false));
        }

        private void expectObject(JsonParser p) {
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw malformedHere("expected a JSON object, found " + p.currentToken());
            }
        }

        private PraetorException malformedHere(String message) {
            return new PraetorException(ErrorCode.MALFORMED, message,
                    List.of(issueAt(parser.currentTokenLocation(), message)));
        }

        /** Adds the record index, and the parser's position when the issue has none. */
        private PraetorException located(PraetorException e) {
            if (recordInProgress == 0 && parser == null) {
                return e;
            }
            List<InputIssue> issues = e.issues().isEmpty()
                    ? List.of(InputIssue.field("", e.getMessage())) : e.issues();
            List<InputIssue> out = new ArrayList<>(issues.size());
            boolean changed = false;
            for (InputIssue issue : issues) {
                int line = issue.line();
                int column = issue.column();
                if (line == 0 && parser != null) {
                    JsonLocation here = parser.currentLocation();
                    line = here.getLineNr();
                    column = here.getColumnNr();
                }
                long record = issue.record() == 0 ? recordInProgress : issue.record();
                InputIssue located = new InputIssue(issue.pointer(), issue.field(), line, column, record,
                        issue.message());
                changed |= !located.equals(issue);
                out.add(located);
            }
            if (!changed && !e.issues().isEmpty()) {
                return e;
            }
            return new PraetorException(e.code(), e.getMessage(), out, e.getCause());
        }
    }

    /** Resources of one batch and their hashed copies, in the same order. */
    private record Hashing(List<Resource> originals, CompletableFuture<List<Resource>> result) {}

    private static InputIssue issueAt(JsonLocation loc, String message) {
        return loc == null ? InputIssue.field("", message)
                : InputIssue.at(loc.getLineNr(), loc.getColumnNr(), "", message);
    }
}
