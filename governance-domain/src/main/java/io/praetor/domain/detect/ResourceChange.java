package io.praetor.domain.detect;

import io.praetor.ports.inventory.Resource;
import java.util.Objects;

/** One real change an import or a single write made, with the stored state before and after. */
public sealed interface ResourceChange {
    String id();

    /** The version the change gives the resource; a deletion is one more than the last stored version. */
    long version();

    /** {@code created}, {@code updated} or {@code deleted}, as in {@code resource.changed} events. */
    String kind();

    record Created(Resource after) implements ResourceChange {
        public Created {
            Objects.requireNonNull(after, "after");
        }

        @Override public String id() { return after.id(); }
        @Override public long version() { return after.version(); }
        @Override public String kind() { return "created"; }
    }

    record Updated(Resource before, Resource after) implements ResourceChange {
        public Updated {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }

        @Override public String id() { return after.id(); }
        @Override public long version() { return after.version(); }
        @Override public String kind() { return "updated"; }
    }

    record Deleted(Resource before) implements ResourceChange {
        public Deleted {
            Objects.requireNonNull(before, "before");
        }

        @Override public String id() { return before.id(); }
        @Override public long version() { return before.version() + 1; }
        @Override public String kind() { return "deleted"; }
    }
}
