package io.praetor.domain.detect;

import io.praetor.ports.TenantId;
import java.util.List;

/**
 * Told synchronously, after the transaction commits, about every real change of one import or
 * single write (in the order they were stored), so the decide side can re-evaluate incrementally
 * in process. A listener that throws is logged; the change stays committed and its
 * {@code resource.changed} events are published regardless.
 */
@FunctionalInterface
public interface ResourceChangeListener {
    void onChanges(TenantId tenant, List<ResourceChange> changes);
}
