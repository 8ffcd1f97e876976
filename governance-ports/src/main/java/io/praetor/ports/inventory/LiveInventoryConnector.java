package io.praetor.ports.inventory;

import io.praetor.ports.credentials.Credentials;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the current resources of one kind of live source (for example {@code s3}). Implementations
 * say which {@link #kind()} they serve; a kind with no connector installed is rejected by the domain.
 *
 * <p>{@link #fetch} streams normalised resources (version 0, no content hash) and throws a
 * {@link io.praetor.ports.PraetorException} with {@code DEPENDENCY_UNAVAILABLE} when the source
 * cannot be read; a failed fetch must not be taken as "everything was deleted". Every resource it
 * yields has {@link #sourceName()} as its source, {@link #provider()} as its provider and the
 * source's account (or {@code ""}): that is the scope a sync replaces.
 */
public interface LiveInventoryConnector {
    String kind();

    /** The provider of the resources it yields (for {@code s3}: {@code aws}); credentials are looked up for it. */
    default String provider() {
        return kind();
    }

    /** The {@code source} value of the resources it yields (API.md: {@code s3-live}). */
    default String sourceName() {
        return kind() + "-live";
    }

    /** Problems with the source's settings (endpoint, region, …), empty when it can be fetched. */
    default List<String> check(InventorySource source) {
        return List.of();
    }

    void fetch(InventorySource source, Optional<Credentials> credentials, Consumer<Resource> sink);
}
