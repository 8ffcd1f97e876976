package io.praetor.domain.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.inventory.Resource;
import io.praetor.ports.usecase.SnapshotImport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Reads the sample inventories of examples/inventories (and inline text) for the format tests. */
final class Samples {
    static final Instant IMPORT_TIME = Instant.parse("2026-11-25T12:00:00Z");
    static final InventoryReader READER = new InventoryReader(InstantSource.fixed(IMPORT_TIME), InventoryLimits.DEFAULT);

    private Samples() {}

    static Path example(String file) {
        Path p = Path.of("..", "examples", "inventories", file);
        assertThat(p).exists();
        return p;
    }

    static ParsedSnapshot readExample(SnapshotImport request, String file) {
        try (InputStream in = Files.newInputStream(example(file))) {
            return READER.read(request, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedSnapshot readText(SnapshotImport request, String text) {
        return READER.read(request, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    static SnapshotImport format(String format) {
        return SnapshotImport.of(format);
    }

    static SnapshotImport custodian(String type) {
        return new SnapshotImport("custodian", Optional.of(type), Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }

    static SnapshotImport withPlace(String format, String region, String account) {
        return new SnapshotImport(format, Optional.empty(), Optional.empty(), Optional.of(account), Optional.of(region),
                false);
    }

    static Resource resource(ParsedSnapshot snapshot, String id) {
        return snapshot.entries().stream()
                .filter(e -> e.id().equals(id))
                .map(e -> ((SnapshotEntry.Present) e).resource())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no resource " + id + " in " + snapshot.entries().stream()
                        .map(SnapshotEntry::id).toList()));
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> tree, String... path) {
        Object current = tree;
        for (String key : path) {
            if (current instanceof Map<?, ?> m) {
                assertThat(m.containsKey(key)).as("has key %s in %s", key, m.keySet()).isTrue();
                current = m.get(key);
            } else if (current instanceof java.util.List<?> l) {
                current = l.get(Integer.parseInt(key));
            } else {
                throw new AssertionError("cannot step into " + current + " with " + key);
            }
        }
        return current;
    }
}
