package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.CompiledSelector;
import io.praetor.domain.decide.engine.PolicyCompilation;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.ports.TenantId;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's policies, compiled once and indexed by type. The engine is built from the
 * {@link PolicyStore} on first use and kept; {@link #refresh} recompiles only policies whose
 * version changed (another instance may have written them). Exemption selectors are compiled once
 * too. Thread-safe.
 */
public final class PolicyCatalog {
    private static final Logger log = LoggerFactory.getLogger(PolicyCatalog.class);

    private final PolicyStore policies;
    private final PolicyCompiler compiler;
    private final ConcurrentHashMap<TenantId, PolicyEngine> engines = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Optional<CompiledSelector>> selectors = new ConcurrentHashMap<>();

    public PolicyCatalog(PolicyStore policies, PolicyCompiler compiler) {
        this.policies = policies;
        this.compiler = compiler;
    }

    public PolicyCompiler compiler() {
        return compiler;
    }

    /** The tenant's engine as cached, built from the store on first use. */
    public PolicyEngine engine(TenantId tenant) {
        PolicyEngine e = engines.get(tenant);
        return e != null ? e : refresh(tenant);
    }

    /** Re-reads the tenant's policies and recompiles those whose version differs from the cache. */
    public PolicyEngine refresh(TenantId tenant) {
        return engines.compute(tenant, (t, current) -> {
            Map<String, CompiledPolicy> cached = new HashMap<>();
            if (current != null) current.policies().forEach(p -> cached.put(p.id(), p));
            List<CompiledPolicy> out = new ArrayList<>();
            for (Policy p : policies.list(t)) {
                CompiledPolicy c = cached.get(p.id());
                if (c != null && c.policy().version() == p.version()) {
                    out.add(c);
                    continue;
                }
                PolicyCompilation compiled = compiler.compile(p);
                if (compiled.policy().isPresent()) {
                    out.add(compiled.policy().get());
                } else {
                    // stored policies compiled when they were put; this only happens after an upgrade
                    log.warn("tenant {} policy {} no longer compiles: {}", t, p.id(), compiled.issues());
                }
            }
            return PolicyEngine.of(out);
        });
    }

    void put(TenantId tenant, CompiledPolicy policy) {
        engines.compute(tenant, (t, current) -> (current == null ? PolicyEngine.empty() : current).with(policy));
    }

    void remove(TenantId tenant, String policyId) {
        engines.computeIfPresent(tenant, (t, current) -> current.without(policyId));
    }

    /** The compiled selector of an exemption, keyed by its text; empty when it does not compile. */
    Optional<CompiledSelector> selector(String expression) {
        return selectors.computeIfAbsent(expression, s -> compiler.compileSelector(s).selector());
    }
}
