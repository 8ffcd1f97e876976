package io.praetor.domain.decide.engine;

import dev.cel.common.values.NullValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The argument kinds a call accepts, from the overloads the type checker left for it. cel-java
 * dispatches only among those at run time, so a value of another kind (dyn data that does not
 * have the type the checker inferred, e.g. a map where a list was expected) is an error there —
 * and must be one here too, not a value computed by a more lenient Java method.
 */
final class NativeOverloads {
    // value kinds
    private static final int OTHER = 0;
    private static final int INT = 1;
    private static final int DOUBLE = 2;
    private static final int STRING = 3;
    private static final int BOOL = 4;
    private static final int LIST = 5;
    private static final int MAP = 6;
    private static final int TIMESTAMP = 7;
    private static final int OPTIONAL = 8;
    private static final int NULL = 9;
    private static final int KINDS = 10;

    /** Known overload ids and their argument kinds (I int, D double, S string, B bool, L list, M map, T timestamp, O optional, A any). */
    private static final Map<String, String> SIGNATURES = new HashMap<>();

    static {
        sig("I", "negate_int64");
        sig("D", "negate_double");
        sig("AL", "in_list");
        sig("AM", "in_map");
        sig("LI", "index_list", "list_optindex_optional_int");
        sig("MA", "index_map", "map_optindex_optional_value");
        sig("OA", "optional_map_index_value", "optional_map_optindex_optional_value");
        sig("OI", "optional_list_index_int", "optional_list_optindex_optional_int");
        sig("S", "size_string", "string_size", "string_to_string", "string_to_int64", "string_to_double", "string_to_timestamp");
        sig("L", "size_list", "list_size");
        sig("M", "size_map", "map_size");
        sig("I", "int64_to_string", "int64_to_int64", "int64_to_double", "int64_to_timestamp");
        sig("B", "bool_to_string");
        sig("D", "double_to_string", "double_to_int64", "double_to_double");
        sig("T", "timestamp_to_string", "timestamp_to_int64", "timestamp_to_timestamp");
        sig("II", "add_int64", "subtract_int64", "multiply_int64", "divide_int64", "modulo_int64");
        sig("DD", "add_double", "subtract_double", "multiply_double", "divide_double");
        sig("SS", "add_string");
        sig("LL", "add_list");
        for (String op : List.of("less", "less_equals", "greater", "greater_equals")) {
            sig("BB", op + "_bool");
            sig("II", op + "_int64");
            sig("DD", op + "_double");
            sig("SS", op + "_string");
            sig("TT", op + "_timestamp");
            sig("ID", op + "_int64_double");
            sig("DI", op + "_double_int64");
        }
    }

    private static void sig(String kinds, String... ids) {
        for (String id : ids) SIGNATURES.put(id, kinds);
    }

    /** Accepted kind combinations: index kind (unary) or kind * KINDS + kind (binary). */
    private final boolean[] accepted;
    private final int arity;

    private NativeOverloads(boolean[] accepted, int arity) {
        this.accepted = accepted;
        this.arity = arity;
    }

    /** The kinds the given overloads accept; an overload this table does not know adds nothing (its calls go to cel-java). */
    static NativeOverloads of(List<String> overloadIds, int arity) {
        boolean[] accepted = new boolean[arity == 1 ? KINDS : KINDS * KINDS];
        for (String id : overloadIds) {
            String s = SIGNATURES.get(id);
            if (s == null || s.length() != arity) continue;
            if (arity == 1) {
                for (int a : kinds(s.charAt(0))) accepted[a] = true;
            } else {
                for (int a : kinds(s.charAt(0))) {
                    for (int b : kinds(s.charAt(1))) accepted[a * KINDS + b] = true;
                }
            }
        }
        return new NativeOverloads(accepted, arity);
    }

    private static int[] kinds(char c) {
        return switch (c) {
            case 'I' -> new int[] {INT};
            case 'D' -> new int[] {DOUBLE};
            case 'S' -> new int[] {STRING};
            case 'B' -> new int[] {BOOL};
            case 'L' -> new int[] {LIST};
            case 'M' -> new int[] {MAP};
            case 'T' -> new int[] {TIMESTAMP};
            case 'O' -> new int[] {OPTIONAL};
            case 'A' -> new int[] {INT, DOUBLE, STRING, BOOL, LIST, MAP, TIMESTAMP, OPTIONAL, NULL};
            default -> throw new IllegalArgumentException(String.valueOf(c));
        };
    }

    private static int kind(Object v) {
        if (v instanceof String) return STRING;
        if (v instanceof Long) return INT;
        if (v instanceof Map<?, ?>) return MAP;
        if (v instanceof List<?>) return LIST;
        if (v instanceof Boolean) return BOOL;
        if (v instanceof Double) return DOUBLE;
        if (v instanceof NullValue) return NULL;
        if (v instanceof Instant) return TIMESTAMP;
        if (v instanceof Optional<?>) return OPTIONAL;
        return OTHER;
    }

    void check(Object a) {
        if (!accepted[kind(a)]) throw NativeExpression.FAILURE;
    }

    void check(Object a, Object b) {
        if (!accepted[kind(a) * KINDS + kind(b)]) throw NativeExpression.FAILURE;
    }

    int arity() {
        return arity;
    }
}
