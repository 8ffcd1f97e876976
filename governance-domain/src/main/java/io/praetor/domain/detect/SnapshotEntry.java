package io.praetor.domain.detect;

import io.praetor.ports.inventory.Resource;
import java.time.Instant;
import java.util.Objects;

/** What one record of an import says: this resource exists as described, or it was deleted. */
public sealed interface SnapshotEntry {
    String id();

    String type();

    String source();

    String account();

    String region();

    Instant observedAt();

    /** A record describing a resource that exists (not yet versioned or hashed). */
    record Present(Resource resource) implements SnapshotEntry {
        public Present {
            Objects.requireNonNull(resource, "resource");
        }

        @Override public String id() { return resource.id(); }
        @Override public String type() { return resource.type(); }
        @Override public String source() { return resource.source(); }
        @Override public String account() { return resource.account(); }
        @Override public String region() { return resource.region(); }
        @Override public Instant observedAt() { return resource.observedAt(); }
    }

    /** A record saying the resource is gone (AWS Config {@code ResourceDeleted}). */
    record Deleted(String id, String type, String source, String account, String region, Instant observedAt)
            implements SnapshotEntry {
        public Deleted {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(observedAt, "observedAt");
        }

        /** The provider, the first segment of the type, as for a resource. */
        public String provider() {
            int dot = type.indexOf('.');
            return dot < 0 ? type : type.substring(0, dot);
        }
    }
}
