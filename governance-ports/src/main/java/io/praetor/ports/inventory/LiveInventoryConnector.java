package io.praetor.ports.inventory;

import io.praetor.ports.credentials.Credentials;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the current resources of one kind of live source (for example {@code s3}). Implementations
 * say which {@link #kind()} they serve; a kind with no connector installed is rejected by the domain.
 *
 * <p>{@link #fetch} streams normalised resources (version 0, no content hash) and throws a
 * {@link io.praetor.ports.PraetorException} with {@code DEPENDENCY_UNAVAILABLE} when the source
 * cannot be read; a failed fetch must not be taken as "everything was deleted".
 */
public interface LiveInventoryConnector {
    String kind();

    void fetch(InventorySource source, Optional<Credentials> credentials, Consumer<Resource> sink);
}
