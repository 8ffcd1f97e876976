package io.praetor.domain.decide;

import io.praetor.domain.decide.engine.CompiledPolicy;
import io.praetor.domain.decide.engine.PolicyCompilation;
import io.praetor.domain.decide.engine.PolicyCompiler;
import io.praetor.domain.decide.engine.PolicyEngine;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.InputIssue;
import io.praetor.ports.PraetorException;
import io.praetor.ports.usecase.PolicyTestReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What {@code praetor policy validate} and {@code praetor policy test} do, as pure functions over
 * files: read every {@code .yaml}/{@code .yml} under the given files and directories, load and
 * compile the policies, and report problems as {@code file:line:column}. The CLI only prints.
 */
public final class PolicyFiles {
    private final PolicyLoader loader;
    private final PolicyCompiler compiler;
    private final PolicyTestRunner runner;

    public PolicyFiles(PolicyLoader loader, PolicyCompiler compiler, InstantSource clock) {
        this.loader = loader;
        this.compiler = compiler;
        this.runner = new PolicyTestRunner(clock);
    }

    /** One problem in one file. */
    public record FileIssue(Path file, InputIssue issue) {
        public FileIssue {
            Objects.requireNonNull(file);
            Objects.requireNonNull(issue);
        }

        /** {@code file:line:column: field: message}. */
        public String describe() {
            StringBuilder sb = new StringBuilder(file.toString());
            if (issue.line() > 0) sb.append(':').append(issue.line()).append(':').append(issue.column());
            sb.append(": ");
            if (!issue.field().isEmpty()) sb.append(issue.field()).append(": ");
            return sb.append(issue.message()).toString();
        }
    }

    /** The policies that compiled, the problems, and warnings (e.g. unknown remediation handlers). */
    public record Validation(List<CompiledPolicy> policies, List<FileIssue> errors, List<String> warnings) {
        public Validation {
            policies = List.copyOf(policies);
            errors = List.copyOf(errors);
            warnings = List.copyOf(warnings);
        }

        public boolean ok() {
            return errors.isEmpty();
        }

        public PolicyEngine engine() {
            return PolicyEngine.of(policies);
        }
    }

    /** Every policy's test report, in the order the files name them. */
    public record TestRun(Validation validation, Map<String, PolicyTestReport> reports) {
        public TestRun {
            reports = Map.copyOf(reports);
        }

        /** Exit 0 only when everything compiled and every test passed. */
        public boolean passed() {
            return validation.ok() && reports.values().stream().allMatch(PolicyTestReport::passed);
        }

        public long testCount() {
            return reports.values().stream().mapToLong(r -> r.tests().size()).sum();
        }

        public long failedCount() {
            return reports.values().stream().flatMap(r -> r.tests().stream()).filter(t -> !t.pass()).count();
        }
    }

    public Validation validate(List<Path> paths) {
        return validate(paths, Set.of());
    }

    /**
     * Validates the policies under {@code paths}. {@code knownHandlers}, when not empty, turns a
     * remediation handler outside it into a warning (never an error).
     */
    public Validation validate(List<Path> paths, Set<String> knownHandlers) {
        List<CompiledPolicy> policies = new ArrayList<>();
        List<FileIssue> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Map<String, Path> seen = new HashMap<>();
        for (Path file : files(paths)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                errors.add(new FileIssue(file, InputIssue.field("", "cannot read: " + e.getMessage())));
                continue;
            }
            PolicyParse parse = loader.load(text);
            parse.issues().forEach(i -> errors.add(new FileIssue(file, i)));
            for (LoadedPolicy loaded : parse.policies()) {
                PolicyCompilation c = compiler.compile(loaded.policy(), loaded.locators());
                c.issues().forEach(i -> errors.add(new FileIssue(file, i)));
                if (c.policy().isEmpty()) continue;
                String id = loaded.policy().id();
                Path previous = seen.putIfAbsent(id, file);
                if (previous != null) {
                    errors.add(new FileIssue(file, InputIssue.field("metadata.id",
                            "duplicate policy id '" + id + "' (also in " + previous + ")")));
                    continue;
                }
                loaded.policy().remediation().ifPresent(r -> {
                    if (!knownHandlers.isEmpty() && !knownHandlers.contains(r.handler())) {
                        warnings.add(file + ": " + id + ": remediation handler '" + r.handler() + "' is not provided by any installed module");
                    }
                });
                policies.add(c.policy().get());
            }
        }
        return new Validation(policies, errors, warnings);
    }

    public TestRun test(List<Path> paths) {
        Validation v = validate(paths);
        Map<String, PolicyTestReport> reports = new java.util.LinkedHashMap<>();
        for (CompiledPolicy p : v.policies()) {
            reports.put(p.id(), runner.run(p));
        }
        return new TestRun(v, reports);
    }

    /** The policy files under the paths, sorted; a missing path is a usage error. */
    static List<Path> files(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new PraetorException(ErrorCode.VALIDATION, "no such file or directory: " + p);
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
                            .sorted()
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new PraetorException(ErrorCode.INTERNAL, "cannot list " + p + ": " + e.getMessage(), e);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
