package io.praetor.ports.usecase;

import io.praetor.ports.finding.Finding;
import io.praetor.ports.inventory.Resource;
import java.util.List;

/** A resource with its open findings. */
public record ResourceView(Resource resource, List<Finding> findings) {
    public ResourceView {
        findings = List.copyOf(findings);
    }
}
