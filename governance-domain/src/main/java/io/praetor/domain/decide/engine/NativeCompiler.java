package io.praetor.domain.decide.engine;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.values.NullValue;
import io.praetor.domain.decide.engine.NativeExpression.Call1;
import io.praetor.domain.decide.engine.NativeExpression.Call2;
import io.praetor.domain.decide.engine.NativeExpression.Constant;
import io.praetor.domain.decide.engine.NativeExpression.TypeTag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static io.praetor.domain.decide.engine.NativeExpression.FAILURE;

/**
 * Compiles a checked CEL AST (after constant folding) to a {@link NativeExpression}, for the part of
 * CEL the policy packs use: literals, the environment's variables, field selection and indexing,
 * optional selection and the optional library, logic with CEL's error absorption, comparisons,
 * arithmetic on ints and doubles, {@code in}, {@code size}, {@code type}, conversions to string,
 * int, double and timestamp, the strings extension functions the packs call, every comprehension
 * (so every standard macro) and the extra functions of POLICY-FORMAT.md. An expression with
 * anything else is not compiled ({@link Optional#empty()}): cel-java evaluates that expression, the
 * choice being made here once per expression, never per pair.
 *
 * <p>Slots for comprehension variables are numbered across all expressions of one policy, so a
 * variable evaluated lazily inside another expression's loop never overwrites that loop's slots.
 */
final class NativeCompiler {
    private final CelAbstractSyntaxTree ast;
    private final Map<String, Integer> variableIndex;
    private final boolean riskPhase;
    private final int[] nextSlot;

    /** Why an expression is left to cel-java; only the compiler sees it. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported(String what) {
            super(what, null, false, false);
        }
    }

    private NativeCompiler(CelAbstractSyntaxTree ast, Map<String, Integer> variableIndex, boolean riskPhase, int[] nextSlot) {
        this.ast = ast;
        this.variableIndex = variableIndex;
        this.riskPhase = riskPhase;
        this.nextSlot = nextSlot;
    }

    /**
     * @param nextSlot the policy's slot counter, advanced by the slots this expression takes
     * @return the compiled expression, or empty when it uses something this compiler leaves to cel-java
     */
    static Optional<NativeExpression> compile(CelAbstractSyntaxTree ast, Map<String, Integer> variableIndex,
                                              boolean riskPhase, int[] nextSlot) {
        if (!ast.isChecked()) return Optional.empty();
        int before = nextSlot[0];
        try {
            CelKind result = ast.getResultType().kind();
            if (result == CelKind.TYPE || result == CelKind.BYTES || result == CelKind.UINT || result == CelKind.DURATION
                    || result == CelKind.STRUCT) {
                return Optional.empty();
            }
            return Optional.of(new NativeCompiler(ast, variableIndex, riskPhase, nextSlot).expr(ast.getExpr(), Scope.EMPTY));
        } catch (Unsupported | RuntimeException e) {
            nextSlot[0] = before;
            return Optional.empty();
        }
    }

    /** The comprehension variables in scope: name to slot; {@code appendable} is the accumulator a step may append to. */
    private record Scope(String name, int slot, Scope outer, String appendable) {
        static final Scope EMPTY = new Scope(null, -1, null, null);

        Scope with(String n, int s) {
            return new Scope(n, s, this, appendable);
        }

        Scope appending(String accu) {
            return new Scope(name, slot, outer, accu);
        }

        int find(String n) {
            for (Scope s = this; s != null && s.name != null; s = s.outer) {
                if (s.name.equals(n)) return s.slot;
            }
            return -1;
        }
    }

    private NativeExpression expr(CelExpr e, Scope scope) throws Unsupported {
        return switch (e.getKind()) {
            case CONSTANT -> new Constant(constant(e.constant()));
            case IDENT -> ident(e, e.ident().name(), scope);
            case SELECT -> select(e, scope);
            case CALL -> call(e, scope);
            case LIST -> list(e, scope);
            case MAP -> map(e, scope);
            case COMPREHENSION -> comprehension(e, scope);
            default -> throw new Unsupported(e.getKind().toString());
        };
    }

    private static Object constant(CelConstant c) throws Unsupported {
        return switch (c.getKind()) {
            case NULL_VALUE -> NullValue.NULL_VALUE;
            case BOOLEAN_VALUE -> c.booleanValue();
            case INT64_VALUE -> c.int64Value();
            case DOUBLE_VALUE -> c.doubleValue();
            case STRING_VALUE -> c.stringValue();
            default -> throw new Unsupported("constant " + c.getKind());
        };
    }

    private NativeExpression ident(CelExpr e, String name, Scope scope) throws Unsupported {
        int slot = scope.find(name);
        if (slot >= 0) return new NativeExpression.SlotRead(slot);
        String resolved = ast.getReference(e.id()).map(CelReference::name).filter(n -> !n.isEmpty()).orElse(name);
        switch (resolved) {
            case "resource":
                return new NativeExpression.ResourceRead();
            case "now":
                return new NativeExpression.NowRead();
            case "params":
                return new NativeExpression.ParamsRead();
            case "severity_weight":
                if (!riskPhase) throw new Unsupported(resolved);
                return new NativeExpression.SeverityWeightRead();
            default:
                break;
        }
        Integer variable = variableIndex.get(resolved);
        if (variable != null) return new NativeExpression.VariableRead(variable);
        throw new Unsupported("identifier " + resolved);
    }

    /** A type name ({@code map}, {@code list}, …) or {@code type(x)}: only compared, so only compiled as an operand of == and !=. */
    private Optional<NativeExpression> typeOperand(CelExpr e, Scope scope) throws Unsupported {
        if (e.getKind() == CelExpr.ExprKind.Kind.CALL && e.call().function().equals("type") && e.call().target().isEmpty()
                && e.call().args().size() == 1) {
            return Optional.of(new Call1(expr(e.call().args().get(0), scope), NativeExpression::typeOf));
        }
        if (e.getKind() != CelExpr.ExprKind.Kind.IDENT || scope.find(e.ident().name()) >= 0) return Optional.empty();
        String resolved = ast.getReference(e.id()).map(CelReference::name).filter(n -> !n.isEmpty()).orElse(e.ident().name());
        CelType type = ast.getType(e.id()).orElseThrow(() -> new Unsupported("untyped " + resolved));
        if (type.kind() == CelKind.TYPE) {
            TypeTag tag = switch (resolved) {
                case "map" -> TypeTag.MAP;
                case "list" -> TypeTag.LIST;
                case "string" -> TypeTag.STRING;
                case "int" -> TypeTag.INT;
                case "double" -> TypeTag.DOUBLE;
                case "bool" -> TypeTag.BOOL;
                case "null_type" -> TypeTag.NULL_TYPE;
                case "google.protobuf.Timestamp" -> TypeTag.TIMESTAMP;
                default -> throw new Unsupported("type " + resolved);
            };
            return Optional.of(new Constant(tag));
        }
        return Optional.empty();
    }

    private NativeExpression select(CelExpr e, Scope scope) throws Unsupported {
        var s = e.select();
        // variables.<name> is one qualified identifier to the checker
        Optional<CelReference> ref = ast.getReference(e.id());
        if (ref.isPresent() && !s.testOnly()) {
            Integer variable = variableIndex.get(ref.get().name());
            if (variable != null) return new NativeExpression.VariableRead(variable);
            throw new Unsupported("reference " + ref.get().name());
        }
        NativeExpression operand = expr(s.operand(), scope);
        return s.testOnly() ? new NativeExpression.Has(operand, s.field()) : new NativeExpression.Select(operand, s.field());
    }

    private NativeExpression list(CelExpr e, Scope scope) throws Unsupported {
        var l = e.list();
        if (!l.optionalIndices().isEmpty()) throw new Unsupported("optional list element");
        NativeExpression[] elements = new NativeExpression[l.elements().size()];
        boolean constant = true;
        for (int i = 0; i < elements.length; i++) {
            elements[i] = expr(l.elements().get(i), scope);
            constant &= elements[i] instanceof Constant;
        }
        if (constant) {
            List<Object> values = new ArrayList<>(elements.length);
            for (NativeExpression x : elements) values.add(((Constant) x).value);
            return new Constant(Collections.unmodifiableList(values));
        }
        return new NativeExpression.ListBuild(elements);
    }

    private NativeExpression map(CelExpr e, Scope scope) throws Unsupported {
        var m = e.map();
        NativeExpression[] keys = new NativeExpression[m.entries().size()];
        NativeExpression[] values = new NativeExpression[keys.length];
        for (int i = 0; i < keys.length; i++) {
            var entry = m.entries().get(i);
            if (entry.optionalEntry()) throw new Unsupported("optional map entry");
            keys[i] = expr(entry.key(), scope);
            values[i] = expr(entry.value(), scope);
        }
        NativeExpression.MapBuild build = new NativeExpression.MapBuild(keys, values);
        if (keys.length == 0) return new Constant(Map.of());
        return build;
    }

    private NativeExpression comprehension(CelExpr e, Scope scope) throws Unsupported {
        var c = e.comprehension();
        if (!c.iterVar2().isEmpty()) throw new Unsupported("two-variable comprehension");
        NativeExpression range = expr(c.iterRange(), scope);
        NativeExpression init = expr(c.accuInit(), scope);
        int accu = nextSlot[0]++;
        int iter = nextSlot[0]++;
        Scope withAccu = scope.with(c.accuVar(), accu);
        Scope inLoop = withAccu.with(c.iterVar(), iter);
        boolean emptyListInit = init instanceof Constant k && k.value instanceof List<?> l && l.isEmpty();
        NativeExpression condition = expr(c.loopCondition(), inLoop.appending(null));
        NativeExpression step = expr(c.loopStep(), inLoop.appending(emptyListInit ? c.accuVar() : null));
        NativeExpression result = expr(c.result(), withAccu.appending(null));
        return new NativeExpression.Comprehension(range, init, condition, step, result, iter, accu);
    }

    // ---- calls ----

    private NativeExpression call(CelExpr e, Scope scope) throws Unsupported {
        var call = e.call();
        String fn = call.function();
        List<CelExpr> args = call.args();
        if (call.target().isPresent()) return method(e, fn, call.target().get(), args, scope);
        switch (fn) {
            case "_&&_":
                return new NativeExpression.And(expr(args.get(0), scope), expr(args.get(1), scope));
            case "_||_":
                return new NativeExpression.Or(expr(args.get(0), scope), expr(args.get(1), scope));
            case "!_":
                return new NativeExpression.Not(expr(args.get(0), scope));
            case "@not_strictly_false":
                return new NativeExpression.NotStrictlyFalse(expr(args.get(0), scope));
            case "_?_:_":
                return new NativeExpression.Conditional(expr(args.get(0), scope), expr(args.get(1), scope),
                        expr(args.get(2), scope));
            case "_==_":
            case "_!=_":
                return equality(args, scope, fn.equals("_!=_"));
            case "_<_":
                return new NativeExpression.Compare(expr(args.get(0), scope), expr(args.get(1), scope), NativeExpression.Compare.Op.LT, overloads(e, 2));
            case "_<=_":
                return new NativeExpression.Compare(expr(args.get(0), scope), expr(args.get(1), scope), NativeExpression.Compare.Op.LE, overloads(e, 2));
            case "_>_":
                return new NativeExpression.Compare(expr(args.get(0), scope), expr(args.get(1), scope), NativeExpression.Compare.Op.GT, overloads(e, 2));
            case "_>=_":
                return new NativeExpression.Compare(expr(args.get(0), scope), expr(args.get(1), scope), NativeExpression.Compare.Op.GE, overloads(e, 2));
            case "@in":
                return in(e, args, scope);
            case "_[_]":
                return new NativeExpression.Index(expr(args.get(0), scope), expr(args.get(1), scope), overloads(e, 2));
            case "_[?_]":
                return new NativeExpression.OptionalIndex(expr(args.get(0), scope), expr(args.get(1), scope), overloads(e, 2));
            case "_?._": {
                CelExpr field = args.get(1);
                if (field.getKind() != CelExpr.ExprKind.Kind.CONSTANT
                        || field.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
                    throw new Unsupported("optional select");
                }
                return new NativeExpression.OptionalSelect(expr(args.get(0), scope), field.constant().stringValue());
            }
            case "_+_":
                return plus(e, args, scope);
            case "_-_":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), guarded(overloads(e, 2), NativeCompiler::minus));
            case "_*_":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), guarded(overloads(e, 2), NativeCompiler::times));
            case "_/_":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), guarded(overloads(e, 2), NativeCompiler::divide));
            case "_%_":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), guarded(overloads(e, 2), NativeCompiler::modulo));
            case "-_":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeCompiler::negate));
            case "size":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeExpression::size));
            case "dyn":
                return expr(args.get(0), scope);
            case "string":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeCompiler::toText));
            case "int":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeCompiler::toInt));
            case "double":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeCompiler::toDouble));
            case "timestamp":
                return new Call1(expr(args.get(0), scope), guarded(overloads(e, 1), NativeCompiler::timestamp));
            case "optional.of":
                return new Call1(expr(args.get(0), scope), Optional::of);
            case "optional.none":
                if (!args.isEmpty()) throw new Unsupported(fn);
                return new Constant(Optional.empty());
            case "ageDays":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), (t, now) -> {
                    if (t instanceof Instant a && now instanceof Instant b) return ExtraFunctions.ageDays(a, b);
                    throw FAILURE;
                });
            case "cidrContains":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), (a, b) -> {
                    if (a instanceof String x && b instanceof String y) return ExtraFunctions.cidrContains(x, y);
                    throw FAILURE;
                });
            case "isPublicCidr":
                return new Call1(expr(args.get(0), scope), a -> {
                    if (a instanceof String x) return ExtraFunctions.isPublicCidr(x);
                    throw FAILURE;
                });
            case "portInRange":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), (range, port) -> {
                    if (port instanceof Long p) return ExtraFunctions.portInRange(range, p);
                    throw FAILURE;
                });
            case "semverLess":
                return new Call2(expr(args.get(0), scope), expr(args.get(1), scope), (a, b) -> {
                    if (a instanceof String x && b instanceof String y) {
                        return ExtraFunctions.semverLess(x, y).orElseThrow(() -> FAILURE);
                    }
                    throw FAILURE;
                });
            default:
                throw new Unsupported("function " + fn);
        }
    }

    private NativeExpression method(CelExpr e, String fn, CelExpr targetExpr, List<CelExpr> args, Scope scope) throws Unsupported {
        NativeExpression target = expr(targetExpr, scope);
        switch (fn + "/" + args.size()) {
            case "size/0":
                return new Call1(target, guarded(overloads(e, 1), NativeExpression::size));
            case "orValue/1":
                return new Call2(target, expr(args.get(0), scope), (o, other) -> {
                    if (o instanceof Optional<?> opt) return opt.isPresent() ? opt.get() : other;
                    throw FAILURE;
                });
            case "or/1":
                return new Call2(target, expr(args.get(0), scope), (o, other) -> {
                    if (o instanceof Optional<?> opt && other instanceof Optional<?>) return opt.isPresent() ? opt : other;
                    throw FAILURE;
                });
            case "value/0":
                return new Call1(target, o -> {
                    if (o instanceof Optional<?> opt && opt.isPresent()) return opt.get();
                    throw FAILURE;
                });
            case "hasValue/0":
                return new Call1(target, o -> {
                    if (o instanceof Optional<?> opt) return opt.isPresent();
                    throw FAILURE;
                });
            case "lowerAscii/0":
                return new Call1(target, s -> asciiCase(s, false));
            case "upperAscii/0":
                return new Call1(target, s -> asciiCase(s, true));
            case "trim/0":
                return new Call1(target, NativeCompiler::trim);
            case "contains/1":
                return new Call2(target, expr(args.get(0), scope), (s, x) -> {
                    if (s instanceof String a && x instanceof String b) return a.contains(b);
                    throw FAILURE;
                });
            case "startsWith/1":
                return new Call2(target, expr(args.get(0), scope), (s, x) -> {
                    if (s instanceof String a && x instanceof String b) return a.startsWith(b);
                    throw FAILURE;
                });
            case "endsWith/1":
                return new Call2(target, expr(args.get(0), scope), (s, x) -> {
                    if (s instanceof String a && x instanceof String b) return a.endsWith(b);
                    throw FAILURE;
                });
            case "join/0":
                return new Call1(target, l -> join(l, ""));
            case "join/1":
                return new Call2(target, expr(args.get(0), scope), (l, sep) -> {
                    if (sep instanceof String s) return join(l, s);
                    throw FAILURE;
                });
            case "split/1":
                return new Call2(target, expr(args.get(0), scope), NativeCompiler::split);
            case "replace/2": {
                NativeExpression from = expr(args.get(0), scope);
                NativeExpression to = expr(args.get(1), scope);
                return new NativeExpression.Call(new NativeExpression[] {target, from, to}, a -> {
                    if (a[0] instanceof String s && a[1] instanceof String x && a[2] instanceof String y && !x.isEmpty()) {
                        return s.replace(x, y);
                    }
                    throw FAILURE;
                });
            }
            default:
                throw new Unsupported("method " + fn);
        }
    }

    private NativeExpression equality(List<CelExpr> args, Scope scope, boolean negated) throws Unsupported {
        Optional<NativeExpression> leftType = typeOperand(args.get(0), scope);
        Optional<NativeExpression> rightType = typeOperand(args.get(1), scope);
        NativeExpression left = leftType.isPresent() ? leftType.get() : expr(args.get(0), scope);
        NativeExpression right = rightType.isPresent() ? rightType.get() : expr(args.get(1), scope);
        if (right instanceof Constant c && c.value instanceof String s) return new NativeExpression.EqualsString(left, s, negated);
        if (left instanceof Constant c && c.value instanceof String s) return new NativeExpression.EqualsString(right, s, negated);
        return new NativeExpression.Equals(left, right, negated);
    }

    private NativeExpression in(CelExpr e, List<CelExpr> args, Scope scope) throws Unsupported {
        NativeExpression element = expr(args.get(0), scope);
        NativeExpression container = expr(args.get(1), scope);
        if (container instanceof Constant c && c.value instanceof List<?> l && !l.isEmpty()
                && l.stream().allMatch(x -> x instanceof String)) {
            if (!ast.getReference(e.id()).map(r -> r.overloadIds().contains("in_list")).orElse(false)) {
                throw new Unsupported("in without in_list");
            }
            return new NativeExpression.InStrings(element, l.stream().map(String.class::cast).toList());
        }
        return new NativeExpression.In(element, container, overloads(e, 2));
    }

    private NativeExpression plus(CelExpr e, List<CelExpr> args, Scope scope) throws Unsupported {
        CelExpr left = args.get(0);
        CelExpr right = args.get(1);
        // accu + [x] in the step of map/filter: appended in place (see AccumulatedList)
        if (scope.appendable() != null && left.getKind() == CelExpr.ExprKind.Kind.IDENT
                && left.ident().name().equals(scope.appendable())
                && right.getKind() == CelExpr.ExprKind.Kind.LIST && right.list().elements().size() == 1
                && right.list().optionalIndices().isEmpty()) {
            int slot = scope.find(scope.appendable());
            return new NativeExpression.AccumulatorAppend(slot, expr(right.list().elements().get(0), scope));
        }
        return new Call2(expr(left, scope), expr(right, scope), guarded(overloads(e, 2), NativeCompiler::add));
    }

    /** The kinds the checker's overloads for this call accept (see {@link NativeOverloads}). */
    private NativeOverloads overloads(CelExpr e, int arity) throws Unsupported {
        List<String> ids = ast.getReference(e.id()).map(CelReference::overloadIds).orElse(com.google.common.collect.ImmutableList.of());
        if (ids.isEmpty()) throw new Unsupported("call without overloads");
        return NativeOverloads.of(ids, arity);
    }

    private static Call1.Body guarded(NativeOverloads overloads, Call1.Body body) {
        return a -> {
            overloads.check(a);
            return body.apply(a);
        };
    }

    private static Call2.Body guarded(NativeOverloads overloads, Call2.Body body) {
        return (a, b) -> {
            overloads.check(a, b);
            return body.apply(a, b);
        };
    }

    // ---- the functions themselves ----

    private static Object add(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.addExact(x, y);
            } catch (ArithmeticException e) {
                throw FAILURE;
            }
        }
        if (a instanceof Double x && b instanceof Double y) return x + y;
        if (a instanceof String x && b instanceof String y) return x.concat(y);
        if (a instanceof List<?> x && b instanceof List<?> y) {
            List<Object> out = new ArrayList<>(x.size() + y.size());
            out.addAll(x);
            out.addAll(y);
            return Collections.unmodifiableList(out);
        }
        throw FAILURE;
    }

    private static Object minus(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.subtractExact(x, y);
            } catch (ArithmeticException e) {
                throw FAILURE;
            }
        }
        if (a instanceof Double x && b instanceof Double y) return x - y;
        throw FAILURE;
    }

    private static Object times(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            try {
                return Math.multiplyExact(x, y);
            } catch (ArithmeticException e) {
                throw FAILURE;
            }
        }
        if (a instanceof Double x && b instanceof Double y) return x * y;
        throw FAILURE;
    }

    private static Object divide(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0 || (x == Long.MIN_VALUE && y == -1)) throw FAILURE;
            return x / y;
        }
        if (a instanceof Double x && b instanceof Double y) return x / y;
        throw FAILURE;
    }

    private static Object modulo(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            if (y == 0 || (x == Long.MIN_VALUE && y == -1)) throw FAILURE;
            return x % y;
        }
        throw FAILURE;
    }

    private static Object negate(Object a) {
        if (a instanceof Long x) {
            if (x == Long.MIN_VALUE) throw FAILURE;
            return -x;
        }
        if (a instanceof Double x) return -x;
        throw FAILURE;
    }

    private static Object toText(Object v) {
        if (v instanceof String s) return s;
        if (v instanceof Long l) return Long.toString(l);
        if (v instanceof Boolean b) return b.toString();
        throw FAILURE; // doubles, timestamps and the rest keep cel-java's own formatting
    }

    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,15}(\\.[0-9]{1,15})?");

    private static Object toInt(Object v) {
        if (v instanceof Long l) return l;
        if (v instanceof String s && INTEGER.matcher(s).matches()) return Long.parseLong(s);
        throw FAILURE;
    }

    private static Object toDouble(Object v) {
        if (v instanceof Double d) return d;
        if (v instanceof Long l && Math.abs(l) <= (1L << 53)) return (double) l;
        if (v instanceof String s && DECIMAL.matcher(s).matches()) return Double.parseDouble(s);
        throw FAILURE;
    }

    /** RFC 3339 with an upper-case T and Z or an offset; anything looser is left to cel-java. */
    private static final Pattern RFC3339 = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

    private static Object timestamp(Object v) {
        if (v instanceof String text) {
            Instant common = io.praetor.domain.json.Rfc3339.parseCommon(text);
            if (common != null) {
                if (common.getEpochSecond() < MIN_TIMESTAMP || common.getEpochSecond() > MAX_TIMESTAMP) throw FAILURE;
                return common;
            }
        }
        if (v instanceof String s && RFC3339.matcher(s).matches() && !s.startsWith("0000")) {
            try {
                Instant t = OffsetDateTime.parse(s).toInstant();
                if (t.getEpochSecond() < MIN_TIMESTAMP || t.getEpochSecond() > MAX_TIMESTAMP) throw FAILURE;
                return t;
            } catch (DateTimeParseException e) {
                throw FAILURE;
            }
        }
        throw FAILURE;
    }

    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range of a protobuf Timestamp
    private static final long MIN_TIMESTAMP = -62135596800L;
    private static final long MAX_TIMESTAMP = 253402300799L;

    private static Object asciiCase(Object v, boolean upper) {
        if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) > 0x7f) throw FAILURE; // non-ASCII text keeps cel-java's own handling
            }
            return upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT);
        }
        throw FAILURE;
    }

    private static Object trim(Object v) {
        if (v instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                // only the ASCII whitespace every definition agrees on; other text is left to cel-java
                if (c > 0x7e || (c < 0x20 && !(c >= 0x09 && c <= 0x0d))) throw FAILURE;
            }
            int start = 0;
            int end = s.length();
            while (start < end && isAsciiSpace(s.charAt(start))) start++;
            while (end > start && isAsciiSpace(s.charAt(end - 1))) end--;
            return s.substring(start, end);
        }
        throw FAILURE;
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || (c >= 0x09 && c <= 0x0d);
    }

    private static Object join(Object v, String separator) {
        if (v instanceof List<?> list) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s)) throw FAILURE;
                if (i > 0) sb.append(separator);
                sb.append(s);
            }
            return sb.toString();
        }
        throw FAILURE;
    }

    private static Object split(Object v, Object separator) {
        if (v instanceof String s && separator instanceof String sep && !sep.isEmpty()) {
            List<Object> out = new ArrayList<>();
            int from = 0;
            for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
                out.add(s.substring(from, at));
                from = at + sep.length();
            }
            out.add(s.substring(from));
            return Collections.unmodifiableList(out);
        }
        throw FAILURE;
    }
}
