package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyCompilation;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Principal;
import io.praetor.ports.Role;
import io.praetor.ports.Transactions;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyStore;
import io.praetor.ports.usecase.PolicyTestReport;
import io.praetor.ports.usecase.PolicyUseCases;
import io.praetor.ports.usecase.PolicyValidation;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The policy use cases: put (compile, store, re-evaluate over the policy's scope), delete (resolve
 * its findings), read, validate and test. Thread-safe.
 */
public final class PolicyService implements PolicyUseCases {
    private final PolicyStore policies;
    private final Transactions transactions;
    private final InstantSource clock;
    private final PolicyLoader loader;
    private final PolicyCatalog catalog;
    private final FindingService findings;
    private final PolicyTestRunner runner;
    private final Set<String> knownHandlers;

    /**
     * @param knownHandlers the remediation handlers installed; a policy naming another one gets a
     *     warning. Empty means "not known", and no warning is given.
     */
    public PolicyService(PolicyStore policies, Transactions transactions, InstantSource clock, PolicyCatalog catalog,
                         FindingService findings, Set<String> knownHandlers) {
        this.policies = policies;
        this.transactions = transactions;
        this.clock = clock;
        this.loader = new PolicyLoader();
        this.catalog = catalog;
        this.findings = findings;
        this.runner = new PolicyTestRunner(clock);
        this.knownHandlers = Set.copyOf(knownHandlers);
    }

    @Override
    public Policy putPolicy(Principal principal, String id, String source) {
        FindingService.require(principal, Role.ADMIN);
        Instant now = clock.instant();
        LoadedPolicy loaded = loadOne(source, now, principal.subject());
        Policy policy = loaded.policy();
        if (!policy.id().equals(id)) {
            throw new PraetorException(ErrorCode.VALIDATION, "metadata.id does not match the path id",
                    List.of(InputIssue.field("metadata.id", "is '" + policy.id() + "' but the path names '" + id + "'")));
        }
        compileOrThrow(loaded);
        Policy stored = transactions.inTransaction(() -> {
            long version = policies.get(principal.tenant(), id).map(Policy::version).orElse(0L) + 1;
            Policy p = policy.stored(version, now, principal.subject());
            policies.put(principal.tenant(), p);
            return p;
        });
        CompiledPolicy compiled = catalog.compiler().compile(stored).policy().orElseThrow();
        findings.evaluatePolicy(principal.tenant(), compiled);
        return stored;
    }

    @Override
    public void deletePolicy(Principal principal, String id) {
        FindingService.require(principal, Role.ADMIN);
        boolean existed = transactions.inTransaction(() -> policies.delete(principal.tenant(), id));
        if (!existed) throw PraetorException.notFound("policy " + id);
        findings.resolvePolicy(principal.tenant(), id);
    }

    @Override
    public Optional<Policy> policy(Principal principal, String id) {
        FindingService.require(principal, Role.VIEWER);
        return policies.get(principal.tenant(), id);
    }

    @Override
    public List<Policy> policies(Principal principal) {
        FindingService.require(principal, Role.VIEWER);
        return policies.list(principal.tenant());
    }

    @Override
    public PolicyValidation validate(Principal principal, String source) {
        FindingService.require(principal, Role.VIEWER);
        PolicyParse parse = loader.load(source);
        List<InputIssue> errors = new ArrayList<>(parse.issues());
        List<String> warnings = new ArrayList<>();
        if (parse.policies().size() > 1) {
            errors.add(InputIssue.field("", "expected one policy document, found " + parse.policies().size()));
        }
        for (LoadedPolicy loaded : parse.policies()) {
            errors.addAll(catalog.compiler().compile(loaded.policy(), loaded.locators()).issues());
            warnings.addAll(warnings(loaded.policy()));
        }
        return new PolicyValidation(errors.isEmpty(), errors, warnings);
    }

    @Override
    public PolicyTestReport test(Principal principal, String source, List<Map<String, Object>> resources) {
        FindingService.require(principal, Role.VIEWER);
        LoadedPolicy loaded = loadOne(source, clock.instant(), principal.subject());
        return runner.run(compileOrThrow(loaded), resources);
    }

    private List<String> warnings(Policy p) {
        List<String> out = new ArrayList<>();
        p.remediation().ifPresent(r -> {
            if (!knownHandlers.isEmpty() && !knownHandlers.contains(r.handler())) {
                out.add("remediation handler '" + r.handler() + "' is not provided by any installed module");
            }
        });
        return out;
    }

    private LoadedPolicy loadOne(String source, Instant now, String by) {
        PolicyParse parse = loader.load(source, now, by);
        if (parse.hasErrors()) {
            throw new PraetorException(ErrorCode.VALIDATION, "the policy is not valid", parse.issues());
        }
        if (parse.policies().size() != 1) {
            throw new PraetorException(ErrorCode.VALIDATION, "expected one policy document",
                    List.of(InputIssue.field("", "expected one policy document, found " + parse.policies().size())));
        }
        return parse.policies().get(0);
    }

    private CompiledPolicy compileOrThrow(LoadedPolicy loaded) {
        PolicyCompilation c = catalog.compiler().compile(loaded.policy(), loaded.locators());
        return c.policy().orElseThrow(() -> new PraetorException(ErrorCode.VALIDATION, "the policy does not compile", c.issues()));
    }
}
