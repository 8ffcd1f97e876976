package io.praetor.domain.decide.engine;

import dev.cel.common.values.NullValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One checked CEL expression compiled by {@link NativeCompiler} to a tree of small Java nodes that
 * work on the values the engine already holds (maps, lists, strings, longs, doubles, booleans,
 * {@link NullValue}, {@link Instant}, {@link Optional}). It answers the pairs whose evaluation has
 * no error; anything that would be a CEL error — and any value it is not sure to treat exactly as
 * cel-java does — throws {@link #FAILURE}, which {@code &&}, {@code ||} and comprehensions absorb
 * as CEL absorbs errors, and which otherwise makes {@link CompiledPolicy} answer the pair with
 * cel-java's programs. So a pair's outcome is always cel-java's: computed here when this tree
 * reaches a value, by cel-java when it does not.
 */
abstract class NativeExpression {
    abstract Object eval(NativeFrame f);

    /** A CEL error, or a value this evaluator leaves to cel-java. One shared instance: it carries no text. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private Failure() {
            super("native evaluation failed", null, false, false);
        }
    }

    static final Failure FAILURE = new Failure();

    /** An error as the value of a comprehension's accumulator (CEL carries errors as values there). */
    static final Object ERROR = new Object() {
        @Override
        public String toString() {
            return "<error>";
        }
    };

    /** The values of CEL's {@code type()}; only compared with each other. */
    enum TypeTag { MAP, LIST, STRING, INT, DOUBLE, BOOL, NULL_TYPE, TIMESTAMP, OPTIONAL }

    static TypeTag typeOf(Object v) {
        if (v instanceof String) return TypeTag.STRING;
        if (v instanceof Long) return TypeTag.INT;
        if (v instanceof Map<?, ?>) return TypeTag.MAP;
        if (v instanceof List<?>) return TypeTag.LIST;
        if (v instanceof Boolean) return TypeTag.BOOL;
        if (v instanceof Double) return TypeTag.DOUBLE;
        if (v instanceof NullValue) return TypeTag.NULL_TYPE;
        if (v instanceof Instant) return TypeTag.TIMESTAMP;
        if (v instanceof Optional<?>) return TypeTag.OPTIONAL;
        throw FAILURE;
    }

    static boolean bool(Object v) {
        if (v instanceof Boolean b) return b;
        throw FAILURE;
    }

    static boolean test(NativeExpression e, NativeFrame f) {
        return bool(e.eval(f));
    }

    // ---- equality and ordering (heterogeneous numeric comparison on, as the compiler's options say) ----

    static boolean equal(Object a, Object b) {
        if (a instanceof String x) {
            if (b instanceof String y) return x.equals(y);
            return differentKind(b);
        }
        if (a instanceof Long x) {
            if (b instanceof Long y) return x.longValue() == y.longValue();
            if (b instanceof Double y) return numericEqual(x, y);
            return differentKind(b);
        }
        if (a instanceof Double x) {
            if (b instanceof Double y) return x.doubleValue() == y.doubleValue();
            if (b instanceof Long y) return numericEqual(y, x);
            return differentKind(b);
        }
        if (a instanceof Boolean x) {
            if (b instanceof Boolean y) return x.booleanValue() == y.booleanValue();
            return differentKind(b);
        }
        if (a instanceof NullValue) {
            if (b instanceof NullValue) return true;
            return differentKind(b);
        }
        if (a instanceof List<?> x) {
            if (b instanceof List<?> y) {
                if (x.size() != y.size()) return false;
                for (int i = 0; i < x.size(); i++) {
                    if (!equal(x.get(i), y.get(i))) return false;
                }
                return true;
            }
            return differentKind(b);
        }
        if (a instanceof Map<?, ?> x) {
            if (b instanceof Map<?, ?> y) {
                if (x.size() != y.size()) return false;
                for (Map.Entry<?, ?> e : x.entrySet()) {
                    if (!(e.getKey() instanceof String)) throw FAILURE;
                    Object other = y.get(e.getKey());
                    if (other == null) return false;
                    if (!equal(e.getValue(), other)) return false;
                }
                return true;
            }
            return differentKind(b);
        }
        if (a instanceof Instant x) {
            if (b instanceof Instant y) return x.equals(y);
            return differentKind(b);
        }
        if (a instanceof TypeTag x && b instanceof TypeTag y) return x == y;
        throw FAILURE;
    }

    /** Values of different kinds are unequal in CEL; only the kinds this evaluator knows are answered here. */
    private static boolean differentKind(Object b) {
        if (b instanceof String || b instanceof Long || b instanceof Double || b instanceof Boolean || b instanceof NullValue
                || b instanceof List<?> || b instanceof Map<?, ?> || b instanceof Instant) {
            return false;
        }
        throw FAILURE;
    }

    /** int == double, exactly (no rounding of large ints). */
    private static boolean numericEqual(long l, double d) {
        if (Math.abs(l) > (1L << 53)) throw FAILURE;
        return (double) l == d;
    }

    /** Negative, zero or positive; {@link #FAILURE} when CEL has no ordering for the pair. */
    static int compare(Object a, Object b) {
        if (a instanceof Long x) {
            if (b instanceof Long y) return Long.compare(x, y);
            if (b instanceof Double y) return compareNumbers(x, y);
        } else if (a instanceof Double x) {
            if (b instanceof Double y) return compareDoubles(x, y);
            if (b instanceof Long y) return -compareNumbers(y, x);
        } else if (a instanceof String x && b instanceof String y) {
            if (!isBmp(x) || !isBmp(y)) throw FAILURE;
            return x.compareTo(y);
        } else if (a instanceof Instant x && b instanceof Instant y) {
            return x.compareTo(y);
        } else if (a instanceof Boolean x && b instanceof Boolean y) {
            return Boolean.compare(x, y);
        }
        throw FAILURE;
    }

    private static int compareDoubles(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) throw FAILURE;
        return x < y ? -1 : x > y ? 1 : 0;
    }

    private static int compareNumbers(long l, double d) {
        if (Math.abs(l) > (1L << 53)) throw FAILURE;
        return compareDoubles(l, d);
    }

    /** UTF-16 order is code point order only without surrogates. */
    private static boolean isBmp(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) return false;
        }
        return true;
    }

    static boolean contains(Object container, Object element) {
        if (container instanceof List<?> list) {
            for (Object x : list) {
                if (equal(element, x)) return true;
            }
            // an element of a kind equal() does not know has thrown above; unequal otherwise
            return false;
        }
        if (container instanceof Map<?, ?> map) {
            if (element instanceof String) return map.containsKey(element);
            throw FAILURE;
        }
        throw FAILURE;
    }

    /** {@code m.f} and {@code m[k]} on a JSON map: a missing key is an error. */
    static Object member(Object operand, Object key) {
        if (operand instanceof Map<?, ?> m && key instanceof String) {
            Object v = m.get(key);
            if (v == null) throw FAILURE;
            return v;
        }
        throw FAILURE;
    }

    static Object index(Object operand, Object key) {
        if (operand instanceof List<?> list) {
            if (key instanceof Long i && i >= 0 && i < list.size()) {
                Object v = list.get((int) (long) i);
                if (v == null) throw FAILURE;
                return v;
            }
            throw FAILURE;
        }
        return member(operand, key);
    }

    /** {@code m.?f} and {@code m[?k]}, also on an optional (none stays none). */
    static Optional<Object> optionalMember(Object operand, Object key) {
        if (operand instanceof Optional<?> o) {
            if (o.isEmpty()) return Optional.empty();
            operand = o.get();
        }
        if (operand instanceof Map<?, ?> m && key instanceof String) {
            Object v = m.get(key);
            return v == null ? Optional.empty() : Optional.of(v);
        }
        throw FAILURE;
    }

    static long size(Object v) {
        if (v instanceof String s) return s.codePointCount(0, s.length());
        if (v instanceof List<?> l) return l.size();
        if (v instanceof Map<?, ?> m) return m.size();
        throw FAILURE;
    }

    // ---- nodes ----

    static final class Constant extends NativeExpression {
        final Object value;

        Constant(Object value) {
            this.value = value;
        }

        @Override
        Object eval(NativeFrame f) {
            return value;
        }
    }

    static final class ResourceRead extends NativeExpression {
        @Override
        Object eval(NativeFrame f) {
            return f.resource;
        }
    }

    static final class NowRead extends NativeExpression {
        @Override
        Object eval(NativeFrame f) {
            return f.now;
        }
    }

    static final class ParamsRead extends NativeExpression {
        @Override
        Object eval(NativeFrame f) {
            return f.params;
        }
    }

    static final class SeverityWeightRead extends NativeExpression {
        @Override
        Object eval(NativeFrame f) {
            if (f.severityWeight == null) throw FAILURE;
            return f.severityWeight;
        }
    }

    static final class VariableRead extends NativeExpression {
        final int index;

        VariableRead(int index) {
            this.index = index;
        }

        @Override
        Object eval(NativeFrame f) {
            return f.variable(index);
        }
    }

    static final class SlotRead extends NativeExpression {
        final int slot;

        SlotRead(int slot) {
            this.slot = slot;
        }

        @Override
        Object eval(NativeFrame f) {
            Object v = f.slots[slot];
            if (v == ERROR || v == null) throw FAILURE;
            return v;
        }
    }

    /** {@code a.f} */
    /** A field of the operand's value: {@code a.f}, {@code has(a.f)}, {@code a.?f}. */
    abstract static class FieldAccess extends NativeExpression {
        final NativeExpression operand;
        final String field;

        FieldAccess(NativeExpression operand, String field) {
            this.operand = operand;
            this.field = field;
        }

        @Override
        final Object eval(NativeFrame f) {
            return access(operand.eval(f));
        }

        abstract Object access(Object value);
    }

    static final class Select extends FieldAccess {
        Select(NativeExpression operand, String field) {
            super(operand, field);
        }

        @Override
        Object access(Object value) {
            return member(value, field);
        }
    }

    /** {@code has(a.f)} */
    static final class Has extends FieldAccess {
        Has(NativeExpression operand, String field) {
            super(operand, field);
        }

        @Override
        Object access(Object value) {
            if (value instanceof Map<?, ?> m) return m.containsKey(field);
            throw FAILURE;
        }
    }

    /** {@code a.?f} */
    static final class OptionalSelect extends FieldAccess {
        OptionalSelect(NativeExpression operand, String field) {
            super(operand, field);
        }

        @Override
        Object access(Object value) {
            return optionalMember(value, field);
        }
    }

    static final class And extends NativeExpression {
        final NativeExpression left;
        final NativeExpression right;

        And(NativeExpression left, NativeExpression right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(NativeFrame f) {
            boolean leftFailed = false;
            try {
                if (!test(left, f)) return Boolean.FALSE;
            } catch (Failure e) {
                leftFailed = true;
            }
            // CEL's && is commutative over errors: false on either side wins
            if (!test(right, f)) return Boolean.FALSE;
            if (leftFailed) throw FAILURE;
            return Boolean.TRUE;
        }
    }

    static final class Or extends NativeExpression {
        final NativeExpression left;
        final NativeExpression right;

        Or(NativeExpression left, NativeExpression right) {
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(NativeFrame f) {
            boolean leftFailed = false;
            try {
                if (test(left, f)) return Boolean.TRUE;
            } catch (Failure e) {
                leftFailed = true;
            }
            if (test(right, f)) return Boolean.TRUE;
            if (leftFailed) throw FAILURE;
            return Boolean.FALSE;
        }
    }

    static final class Not extends NativeExpression {
        final NativeExpression operand;

        Not(NativeExpression operand) {
            this.operand = operand;
        }

        @Override
        Object eval(NativeFrame f) {
            return test(operand, f) ? Boolean.FALSE : Boolean.TRUE;
        }
    }

    /** {@code @not_strictly_false}: the loop condition of exists/all; an error keeps the loop going. */
    static final class NotStrictlyFalse extends NativeExpression {
        final NativeExpression operand;

        NotStrictlyFalse(NativeExpression operand) {
            this.operand = operand;
        }

        @Override
        Object eval(NativeFrame f) {
            try {
                return operand.eval(f) instanceof Boolean b ? b : Boolean.TRUE;
            } catch (Failure e) {
                return Boolean.TRUE;
            }
        }
    }

    static final class Conditional extends NativeExpression {
        final NativeExpression condition;
        final NativeExpression then;
        final NativeExpression otherwise;

        Conditional(NativeExpression condition, NativeExpression then, NativeExpression otherwise) {
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(NativeFrame f) {
            return test(condition, f) ? then.eval(f) : otherwise.eval(f);
        }
    }

    static final class Equals extends NativeExpression {
        final NativeExpression left;
        final NativeExpression right;
        final boolean negated;

        Equals(NativeExpression left, NativeExpression right, boolean negated) {
            this.left = left;
            this.right = right;
            this.negated = negated;
        }

        @Override
        Object eval(NativeFrame f) {
            return equal(left.eval(f), right.eval(f)) != negated;
        }
    }

    /** {@code x == 'literal'}: the common case without the general dispatch. */
    static final class EqualsString extends NativeExpression {
        final NativeExpression operand;
        final String literal;
        final boolean negated;

        EqualsString(NativeExpression operand, String literal, boolean negated) {
            this.operand = operand;
            this.literal = literal;
            this.negated = negated;
        }

        @Override
        Object eval(NativeFrame f) {
            Object v = operand.eval(f);
            if (v instanceof String s) return s.equals(literal) != negated;
            return equal(v, literal) != negated;
        }
    }

    /**
     * A strict binary operator: both operands evaluated, their kinds checked against the overloads
     * the type checker chose (as cel-java dispatches), then applied.
     */
    abstract static class CheckedBinary extends NativeExpression {
        final NativeExpression left;
        final NativeExpression right;
        final NativeOverloads overloads;

        CheckedBinary(NativeExpression left, NativeExpression right, NativeOverloads overloads) {
            this.left = left;
            this.right = right;
            this.overloads = overloads;
        }

        @Override
        final Object eval(NativeFrame f) {
            Object a = left.eval(f);
            Object b = right.eval(f);
            overloads.check(a, b);
            return apply(a, b);
        }

        abstract Object apply(Object a, Object b);
    }

    static final class Compare extends CheckedBinary {
        enum Op { LT, LE, GT, GE }

        final Op op;

        Compare(NativeExpression left, NativeExpression right, Op op, NativeOverloads overloads) {
            super(left, right, overloads);
            this.op = op;
        }

        @Override
        Object apply(Object a, Object b) {
            int c = a instanceof Long x && b instanceof Long y ? Long.compare(x, y) : compare(a, b);
            return switch (op) {
                case LT -> c < 0;
                case LE -> c <= 0;
                case GT -> c > 0;
                case GE -> c >= 0;
            };
        }
    }

    /** {@code element in container}. */
    static final class In extends CheckedBinary {
        In(NativeExpression element, NativeExpression container, NativeOverloads overloads) {
            super(element, container, overloads);
        }

        @Override
        Object apply(Object element, Object container) {
            return contains(container, element);
        }
    }

    /** {@code x in ['a', 'b']}: a constant list of strings, looked up in a set. */
    static final class InStrings extends NativeExpression {
        final NativeExpression element;
        final Set<String> strings;

        InStrings(NativeExpression element, Collection<String> strings) {
            this.element = element;
            this.strings = new HashSet<>(strings);
        }

        @Override
        Object eval(NativeFrame f) {
            Object e = element.eval(f);
            if (e instanceof String s) return strings.contains(s);
            if (strings.isEmpty()) return Boolean.FALSE;
            return equal(e, strings.iterator().next()); // false for every other known kind, FAILURE otherwise
        }
    }

    static final class Index extends CheckedBinary {
        Index(NativeExpression operand, NativeExpression key, NativeOverloads overloads) {
            super(operand, key, overloads);
        }

        @Override
        Object apply(Object operand, Object key) {
            return index(operand, key);
        }
    }

    static final class OptionalIndex extends CheckedBinary {
        OptionalIndex(NativeExpression operand, NativeExpression key, NativeOverloads overloads) {
            super(operand, key, overloads);
        }

        @Override
        Object apply(Object operand, Object key) {
            return optionalMember(operand, key);
        }
    }

    /** A global function or method of fixed arity, all arguments evaluated first (CEL functions are strict). */
    static final class Call extends NativeExpression {
        interface Body {
            Object apply(Object[] args);
        }

        final NativeExpression[] args;
        final Body body;

        Call(NativeExpression[] args, Body body) {
            this.args = args;
            this.body = body;
        }

        @Override
        Object eval(NativeFrame f) {
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) values[i] = args[i].eval(f);
            return body.apply(values);
        }
    }

    static final class Call1 extends NativeExpression {
        interface Body {
            Object apply(Object a);
        }

        final NativeExpression arg;
        final Body body;

        Call1(NativeExpression arg, Body body) {
            this.arg = arg;
            this.body = body;
        }

        @Override
        Object eval(NativeFrame f) {
            return body.apply(arg.eval(f));
        }
    }

    static final class Call2 extends NativeExpression {
        interface Body {
            Object apply(Object a, Object b);
        }

        final NativeExpression first;
        final NativeExpression second;
        final Body body;

        Call2(NativeExpression first, NativeExpression second, Body body) {
            this.first = first;
            this.second = second;
            this.body = body;
        }

        @Override
        Object eval(NativeFrame f) {
            Object a = first.eval(f);
            return body.apply(a, second.eval(f));
        }
    }

    static final class ListBuild extends NativeExpression {
        final NativeExpression[] elements;

        ListBuild(NativeExpression[] elements) {
            this.elements = elements;
        }

        @Override
        Object eval(NativeFrame f) {
            List<Object> out = new ArrayList<>(elements.length);
            for (NativeExpression e : elements) out.add(e.eval(f));
            return java.util.Collections.unmodifiableList(out);
        }
    }

    static final class MapBuild extends NativeExpression {
        final NativeExpression[] keys;
        final NativeExpression[] values;

        MapBuild(NativeExpression[] keys, NativeExpression[] values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        Object eval(NativeFrame f) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.length; i++) {
                Object k = keys[i].eval(f);
                if (!(k instanceof String)) throw FAILURE;
                Object v = values[i].eval(f);
                if (out.put(k, v) != null) throw FAILURE; // duplicate keys are an error
            }
            return java.util.Collections.unmodifiableMap(out);
        }
    }

    /**
     * Any comprehension (the standard macros expand to one): the loop as cel-java runs it, with an
     * error in a step kept as the accumulator's value ({@link #ERROR}) for the next step to absorb.
     */
    static final class Comprehension extends NativeExpression {
        final NativeExpression range;
        final NativeExpression init;
        final NativeExpression condition;
        final NativeExpression step;
        final NativeExpression result;
        final int iterSlot;
        final int accuSlot;

        Comprehension(NativeExpression range, NativeExpression init, NativeExpression condition, NativeExpression step,
                      NativeExpression result, int iterSlot, int accuSlot) {
            this.range = range;
            this.init = init;
            this.condition = condition;
            this.step = step;
            this.result = result;
            this.iterSlot = iterSlot;
            this.accuSlot = accuSlot;
        }

        @Override
        Object eval(NativeFrame f) {
            Object r = range.eval(f);
            Collection<?> items;
            if (r instanceof List<?> l) items = l;
            else if (r instanceof Map<?, ?> m) items = m.keySet();
            else throw FAILURE;
            Object[] s = f.slots;
            s[accuSlot] = init.eval(f);
            for (Object item : items) {
                if (item == null) throw FAILURE;
                s[iterSlot] = item;
                if (!test(condition, f)) break;
                Object next;
                try {
                    next = step.eval(f);
                } catch (Failure e) {
                    next = ERROR;
                }
                s[accuSlot] = next;
            }
            s[iterSlot] = null;
            return result.eval(f);
        }
    }

    /** A list only a comprehension's accumulator holds, so a step can append to it in place. */
    static final class AccumulatedList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;

        AccumulatedList(Collection<?> start) {
            super(start);
        }
    }

    /** The step {@code accu + [element]} of map and filter, without copying the list on every step. */
    static final class AccumulatorAppend extends NativeExpression {
        final int accuSlot;
        final NativeExpression element;

        AccumulatorAppend(int accuSlot, NativeExpression element) {
            this.accuSlot = accuSlot;
            this.element = element;
        }

        @Override
        Object eval(NativeFrame f) {
            Object accu = f.slots[accuSlot];
            if (accu == ERROR || !(accu instanceof List<?> l)) throw FAILURE;
            Object e = element.eval(f);
            AccumulatedList out = accu instanceof AccumulatedList a ? a : new AccumulatedList(l);
            out.add(e);
            return out;
        }
    }
}
