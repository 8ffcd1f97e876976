package io.praetor.domain.decide.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.optimizer.CelOptimizer;
import dev.cel.optimizer.CelOptimizerFactory;
import dev.cel.optimizer.optimizers.ConstantFoldingOptimizer;
import dev.cel.optimizer.optimizers.InliningOptimizer;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelMacro;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeBuilder;
import dev.cel.runtime.CelRuntimeFactory;
import io.praetor.ports.InputIssue;
import io.praetor.ports.policy.Policy;
import io.praetor.ports.policy.PolicyVariable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Type-checks and compiles policies in the CEL environment of POLICY-FORMAT.md: {@code resource}
 * (map), {@code now} (timestamp), {@code params} (map), {@code severity_weight} (double, in
 * {@code risk} only) and {@code variables.<name>} typed by each variable's own expression; standard
 * macros, optional syntax, the strings extension, heterogeneous numeric comparison and the extra
 * functions {@code ageDays}, {@code cidrContains}, {@code isPublicCidr}, {@code portInRange} and
 * {@code semverLess}. Problems are returned as located {@link InputIssue}s. Build one per process:
 * it is immutable and thread-safe, and building it costs milliseconds.
 */
public final class PolicyCompiler {
    private static final CelOptions OPTIONS = CelOptions.current()
            .enableOptionalSyntax(true)
            .enableHeterogeneousNumericComparisons(true)
            .build();

    private static final String VARIABLES = "variables.";

    private final CelCompiler base;
    private final CelRuntime runtime;
    private final CelRuntimeFlavor flavor;
    private final ExpressionOptimization optimization;

    /**
     * Native evaluation (ADR 0027) over the classic interpreter: on the bench workload (100 policies
     * over 1–2 KB AWS Config records) the classic interpreter evaluates a pair about 2.6× faster than
     * the planner, whose attribute resolution walks the whole map tree on every access, and the
     * native nodes several times faster again (see bench/README.md).
     */
    public PolicyCompiler() {
        this(CelRuntimeFlavor.NATIVE);
    }

    public PolicyCompiler(CelRuntimeFlavor flavor) {
        this(flavor, ExpressionOptimization.FOLD_CONSTANTS);
    }

    public PolicyCompiler(CelRuntimeFlavor flavor, ExpressionOptimization optimization) {
        this.flavor = flavor;
        this.optimization = optimization;
        this.base = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addMacros(CelMacro.newGlobalMacro("ageDays", 1, (factory, target, args) ->
                        // ageDays(t) reads the evaluation's fixed `now`, so it stays a pure function
                        Optional.of(factory.newGlobalCall("ageDays", args.get(0), factory.newIdentifier("now")))))
                .addLibraries(CelExtensions.optional(), CelExtensions.strings())
                .addVar("resource", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addVar("now", SimpleType.TIMESTAMP)
                .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addFunctionDeclarations(
                        CelFunctionDecl.newFunctionDeclaration("ageDays", CelOverloadDecl.newGlobalOverload(
                                "praetor_age_days_timestamp", SimpleType.INT, SimpleType.TIMESTAMP, SimpleType.TIMESTAMP)),
                        CelFunctionDecl.newFunctionDeclaration("cidrContains", CelOverloadDecl.newGlobalOverload(
                                "praetor_cidr_contains_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("isPublicCidr", CelOverloadDecl.newGlobalOverload(
                                "praetor_is_public_cidr_string", SimpleType.BOOL, SimpleType.STRING)),
                        CelFunctionDecl.newFunctionDeclaration("portInRange", CelOverloadDecl.newGlobalOverload(
                                "praetor_port_in_range_dyn_int", SimpleType.BOOL, SimpleType.DYN, SimpleType.INT)),
                        CelFunctionDecl.newFunctionDeclaration("semverLess", CelOverloadDecl.newGlobalOverload(
                                "praetor_semver_less_string_string", SimpleType.BOOL, SimpleType.STRING, SimpleType.STRING)))
                .build();
        CelRuntimeBuilder rb = flavor == CelRuntimeFlavor.PLANNER
                ? CelRuntimeFactory.plannerRuntimeBuilder()
                : CelRuntimeFactory.legacyCelRuntimeBuilder();
        this.runtime = rb.setOptions(OPTIONS)
                .addLibraries(CelExtensions.optional(), CelExtensions.strings())
                .addFunctionBindings(
                        CelFunctionBinding.from("praetor_age_days_timestamp", Instant.class, Instant.class,
                                ExtraFunctions::ageDays),
                        CelFunctionBinding.from("praetor_cidr_contains_string_string", String.class, String.class,
                                ExtraFunctions::cidrContains),
                        CelFunctionBinding.from("praetor_is_public_cidr_string", String.class,
                                ExtraFunctions::isPublicCidr),
                        CelFunctionBinding.from("praetor_port_in_range_dyn_int", Object.class, Long.class,
                                ExtraFunctions::portInRange),
                        CelFunctionBinding.from("praetor_semver_less_string_string", String.class, String.class,
                                (a, b) -> ExtraFunctions.semverLess(a, b).orElseThrow(() ->
                                        new IllegalArgumentException("semverLess: not a semantic version: '"
                                                + (ExtraFunctions.Version.parse(a).isEmpty() ? a : b) + "'"))))
                .build();
    }

    public CelRuntimeFlavor flavor() {
        return flavor;
    }

    public ExpressionOptimization optimization() {
        return optimization;
    }

    /** Compiles a policy that has no source positions (e.g. built in code or read from a store). */
    public PolicyCompilation compile(Policy policy) {
        return compile(policy, Map.of());
    }

    /**
     * Compiles every expression of the policy. {@code locators} (from the loader, keyed by field
     * path) put each problem at its YAML line and column; fields without one get no position.
     */
    public PolicyCompilation compile(Policy policy, Map<String, ExpressionLocator> locators) {
        PolicyCompilation plain = compile(policy, locators, null);
        if (optimization == ExpressionOptimization.NONE || plain.policy().isEmpty()) return plain;
        // folded programs, with the plain ones beside them to explain an error in the exact words of the expression as written
        PolicyCompilation folded = compile(policy, locators, new Folding(policy.params()));
        return folded.policy().<PolicyCompilation>map(p -> new PolicyCompilation(Optional.of(p.withAsWritten(plain.policy().get())),
                List.of())).orElse(plain);
    }

    private PolicyCompilation compile(Policy policy, Map<String, ExpressionLocator> locators, Folding folding) {
        List<InputIssue> issues = new ArrayList<>();
        CelCompiler compiler = base;
        // native nodes for the programs that answer pairs: the folded ones, or the plain ones when folding is off
        boolean natively = flavor == CelRuntimeFlavor.NATIVE && (folding != null || optimization == ExpressionOptimization.NONE);
        int[] slots = {0};
        List<PolicyVariable> vars = policy.variables();
        CelRuntime.Program[] variablePrograms = new CelRuntime.Program[vars.size()];
        NativeExpression[] variableNatives = new NativeExpression[vars.size()];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < vars.size(); i++) {
            PolicyVariable v = vars.get(i);
            String field = "spec.variables[" + i + "].expression";
            Optional<CelAbstractSyntaxTree> checked = check(compiler, v.expression(), field, locators, issues);
            CelType type = checked.map(CelAbstractSyntaxTree::getResultType).orElse(SimpleType.DYN);
            CelCompiler current = compiler;
            Optional<CelAbstractSyntaxTree> ast = checked.map(a -> optimized(folding, current, a));
            variablePrograms[i] = ast.map(a -> program(a, field, issues)).orElse(null);
            if (natively && ast.isPresent()) variableNatives[i] = NativeCompiler.compile(ast.get(), index, false, slots).orElse(null);
            // later expressions see this variable with the type its expression has
            compiler = compiler.toCompilerBuilder().addVar(VARIABLES + v.name(), type).build();
            index.put(VARIABLES + v.name(), i);
        }
        CelCompiler full = compiler;
        Optional<CelAbstractSyntaxTree> scopeAst = policy.scope()
                .flatMap(s -> check(full, s, "spec.scope", locators, issues, SimpleType.BOOL))
                .map(a -> optimized(folding, full, a));
        Optional<CelAbstractSyntaxTree> violationAst = check(full, policy.violation(), "spec.violation", locators, issues,
                SimpleType.BOOL).map(a -> optimized(folding, full, a));
        CelCompiler riskCompiler = compiler.toCompilerBuilder().addVar("severity_weight", SimpleType.DOUBLE).build();
        Optional<CelAbstractSyntaxTree> riskAst = policy.risk()
                .flatMap(r -> check(riskCompiler, r, "spec.risk", locators, issues, SimpleType.DOUBLE, SimpleType.INT))
                .map(a -> optimized(folding, riskCompiler, a));
        CelRuntime.Program scope = scopeAst.map(a -> program(a, "spec.scope", issues)).orElse(null);
        CelRuntime.Program violation = violationAst.map(a -> program(a, "spec.violation", issues)).orElse(null);
        CelRuntime.Program risk = riskAst.map(a -> program(a, "spec.risk", issues)).orElse(null);
        List<Object> messageParts = new ArrayList<>();
        if (policy.message().isPresent()) {
            ExpressionLocator locator = locators.getOrDefault("spec.message", ExpressionLocator.NONE);
            messageParts = template(compiler, policy.message().get(), locator, issues, natively ? index : null, slots);
        }
        if (!issues.isEmpty()) return new PolicyCompilation(Optional.empty(), issues);
        CompiledPolicy.NativeForms natives = null;
        if (natively) {
            natives = new CompiledPolicy.NativeForms(
                    scopeAst.flatMap(a -> NativeCompiler.compile(a, index, false, slots)).orElse(null),
                    violationAst.flatMap(a -> NativeCompiler.compile(a, index, false, slots)).orElse(null),
                    riskAst.flatMap(a -> NativeCompiler.compile(a, index, true, slots)).orElse(null),
                    variableNatives, slots[0]);
        }
        return new PolicyCompilation(Optional.of(new CompiledPolicy(policy, scope, violation, risk, messageParts,
                variablePrograms, index, natives)), List.of());
    }

    /** Compiles an exemption selector: a bool CEL expression over {@code resource} (and {@code now}). */
    public SelectorCompilation compileSelector(String expression) {
        List<InputIssue> issues = new ArrayList<>();
        Optional<CelRuntime.Program> program = check(base, expression, "selector", Map.of(), issues, SimpleType.BOOL)
                .map(a -> program(a, "selector", issues));
        if (!issues.isEmpty() || program.isEmpty()) return new SelectorCompilation(Optional.empty(), issues);
        return new SelectorCompilation(Optional.of(new CompiledSelector(expression, program.get())), List.of());
    }

    private Optional<CelAbstractSyntaxTree> check(CelCompiler compiler, String expression, String field,
                                                   Map<String, ExpressionLocator> locators, List<InputIssue> issues,
                                                   CelType... expected) {
        ExpressionLocator locator = locators.getOrDefault(field, ExpressionLocator.NONE);
        return check(compiler, expression, field, locator, issues, expected);
    }

    private Optional<CelAbstractSyntaxTree> check(CelCompiler compiler, String expression, String field,
                                                   ExpressionLocator locator, List<InputIssue> issues,
                                                   CelType... expected) {
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            for (CelIssue issue : result.getAllIssues()) {
                if (issue.getSeverity() != CelIssue.Severity.ERROR) continue;
                SourcePosition p = issue.getSourceLocation().getLine() > 0
                        ? locator.locate(issue.getSourceLocation().getLine(), Math.max(0, issue.getSourceLocation().getColumn()))
                        : SourcePosition.UNKNOWN;
                issues.add(InputIssue.at(p.line(), p.column(), field, issue.getMessage()));
            }
            return Optional.empty();
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (Exception e) {
            SourcePosition p = locator.locate(1, 0);
            issues.add(InputIssue.at(p.line(), p.column(), field, e.getMessage()));
            return Optional.empty();
        }
        if (expected.length > 0) {
            CelType type = ast.getResultType();
            boolean ok = type.equals(SimpleType.DYN);
            for (CelType t : expected) ok |= type.equals(t);
            if (!ok) {
                SourcePosition p = locator.locate(1, 0);
                issues.add(InputIssue.at(p.line(), p.column(), field,
                        "must evaluate to " + expected[0].name() + ", but its type is " + type.name()));
                return Optional.empty();
            }
        }
        return Optional.of(ast);
    }

    /**
     * The AST after {@link ExpressionOptimization#FOLD_CONSTANTS}, or as checked when folding is off
     * or the optimizer cannot handle it (it throws on some optional selections): folding is a speed-up,
     * never a reason for a policy to fail.
     */
    private CelAbstractSyntaxTree optimized(Folding folding, CelCompiler compiler, CelAbstractSyntaxTree ast) {
        if (folding == null) return ast;
        // cel-java's inliner ignores comprehension scopes: a macro variable named params would be replaced too
        boolean shadowed = CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(n -> n.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION)
                .anyMatch(n -> n.expr().comprehension().iterVar().equals("params")
                        || n.expr().comprehension().iterVar2().equals("params"));
        long lists = creations(ast);
        List<List<InliningOptimizer.InlineVariable>> attempts = shadowed ? List.of(List.of())
                : List.of(folding.all, folding.scalars, List.of());
        for (List<InliningOptimizer.InlineVariable> inline : attempts) {
            try {
                var builder = CelOptimizerFactory.standardCelOptimizerBuilder(compiler, runtime);
                if (!inline.isEmpty()) builder.addAstOptimizers(InliningOptimizer.newInstance(inline));
                CelAbstractSyntaxTree out = builder.addAstOptimizers(ConstantFoldingOptimizer.getInstance()).build()
                        .optimize(ast);
                // an inlined list that did not fold away would be built again on every evaluation
                if (creations(out) <= lists) return out;
            } catch (Exception e) {
                // try with less inlined, and in the end keep the expression as checked
            }
        }
        return ast;
    }

    private static long creations(CelAbstractSyntaxTree ast) {
        return CelNavigableAst.fromAst(ast).getRoot().allNodes()
                .filter(n -> n.getKind() == CelExpr.ExprKind.Kind.LIST || n.getKind() == CelExpr.ExprKind.Kind.MAP)
                .count();
    }

    /**
     * The params of one policy as CEL literals, for the inliner: each top-level entry whose key is an
     * identifier and whose value is a string, int, bool, finite double or list of those. A literal is
     * kept only if evaluating it gives back a value equal to the param (same classes), so inlining
     * cannot change what an expression sees.
     */
    private final class Folding {
        final List<InliningOptimizer.InlineVariable> all = new ArrayList<>();
        final List<InliningOptimizer.InlineVariable> scalars = new ArrayList<>();

        Folding(Map<String, Object> params) {
            params.forEach((key, value) -> {
                if (!key.matches("[A-Za-z_][A-Za-z0-9_]*") || RESERVED.contains(key)) return;
                Optional<String> text = literal(value, true);
                if (text.isEmpty()) return;
                CelValidationResult result = base.compile(text.get());
                if (result.hasError()) return;
                try {
                    CelAbstractSyntaxTree ast = result.getAst();
                    if (!sameValue(runtime.createProgram(ast).eval(), value)) return;
                    InliningOptimizer.InlineVariable v = InliningOptimizer.InlineVariable.of("params." + key, ast);
                    all.add(v);
                    if (!(value instanceof List<?>)) scalars.add(v);
                } catch (Exception e) {
                    // not inlined: the expression reads this param at run time, as written
                }
            });
        }
    }

    private static final java.util.Set<String> RESERVED = java.util.Set.of("true", "false", "null", "in", "as", "break",
            "const", "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace",
            "return", "var", "void", "while");

    private static Optional<String> literal(Object v, boolean listAllowed) {
        if (v instanceof String s) return Optional.of(quoted(s));
        if (v instanceof Long l) return Optional.of(Long.toString(l));
        if (v instanceof Boolean b) return Optional.of(b.toString());
        if (v instanceof Double d) return Double.isFinite(d) ? Optional.of(Double.toString(d)) : Optional.empty();
        if (v instanceof List<?> list && listAllowed) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : list) {
                Optional<String> item = literal(x, false);
                if (item.isEmpty()) return Optional.empty();
                if (sb.length() > 1) sb.append(", ");
                sb.append(item.get());
            }
            return Optional.of(sb.append(']').toString());
        }
        return Optional.empty();
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            if (c == '\\' || c == '"') sb.append('\\').appendCodePoint(c);
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\u%04x", c));
            else sb.appendCodePoint(c);
        });
        return sb.append('"').toString();
    }

    private static boolean sameValue(Object cel, Object param) {
        if (cel instanceof List<?> a && param instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) return false;
            }
            return true;
        }
        return cel != null && param != null && cel.getClass() == param.getClass() && cel.equals(param);
    }

    private CelRuntime.Program program(CelAbstractSyntaxTree ast, String field, List<InputIssue> issues) {
        try {
            return runtime.createProgram(ast);
        } catch (CelEvaluationException e) {
            issues.add(InputIssue.field(field, e.getMessage()));
            return null;
        }
    }

    /** Splits {@code text ${expr} text} into literals and compiled expressions. */
    private List<Object> template(CelCompiler compiler, String message, ExpressionLocator locator, List<InputIssue> issues,
                                  Map<String, Integer> nativeVariables, int[] slots) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            int open = message.indexOf("${", i);
            if (open < 0) {
                literal.append(message, i, message.length());
                break;
            }
            literal.append(message, i, open);
            int close = closingBrace(message, open + 2);
            int[] at = lineAndColumn(message, open + 2);
            if (close < 0) {
                SourcePosition p = locator.locate(at[0], at[1] - 2);
                issues.add(InputIssue.at(p.line(), p.column(), "spec.message", "unterminated ${ in message template"));
                return parts;
            }
            String expression = message.substring(open + 2, close);
            if (!literal.isEmpty()) {
                parts.add(literal.toString());
                literal.setLength(0);
            }
            // not folded: a message is rendered for violations only
            check(compiler, expression, "spec.message", locator.shifted(at[0], at[1]), issues).ifPresent(a -> {
                CelRuntime.Program program = program(a, "spec.message", issues);
                if (program == null) return;
                NativeExpression nativeForm = nativeVariables == null ? null
                        : NativeCompiler.compile(a, nativeVariables, false, slots).orElse(null);
                parts.add(new CompiledPolicy.MessagePart(program, nativeForm));
            });
            i = close + 1;
        }
        if (!literal.isEmpty()) parts.add(literal.toString());
        return parts;
    }

    /** The index of the brace closing an expression started at {@code from}, skipping string literals. */
    private static int closingBrace(String s, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) return i;
                depth--;
            }
        }
        return -1;
    }

    /** 1-based line and 0-based column of an offset in a text. */
    private static int[] lineAndColumn(String s, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (s.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, offset - lineStart};
    }
}
