package io.praetor.domain.ai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What may leave for the model: values under keys that name secrets (passwords, tokens, keys,
 * credentials, connection strings, certificates…) and values that look like secrets (AWS access
 * keys, PEM blocks, JWTs) are replaced by {@value #REDACTED}; nested trees are walked.
 */
final class Redaction {
    static final String REDACTED = "[redacted]";
    private static final Pattern SENSITIVE_KEY = Pattern.compile(
            "(?i).*(passw|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|privatekey|credential"
                    + "|connection[_-]?string|connectionstring|auth|cert|signature|sas[_-]?key|session|cookie|userdata|user[_-]?data).*");
    private static final Pattern SENSITIVE_VALUE = Pattern.compile(
            "(?s).*(AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"
                    + "|(?i:password\\s*=)|(?i:AccountKey=)|xox[baprs]-[0-9A-Za-z-]{10,}|ghp_[0-9A-Za-z]{20,}|sk-[A-Za-z0-9]{20,}).*");

    private Redaction() {}

    static boolean sensitiveKey(String key) {
        return SENSITIVE_KEY.matcher(key).matches();
    }

    static Map<String, String> tags(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(k, sensitiveKey(k) || sensitiveValue(v) ? REDACTED : v));
        return out;
    }

    /** A copy of a JSON tree with sensitive values replaced. */
    static Object tree(Object value) {
        return switch (value) {
            case Map<?, ?> m -> {
                Map<String, Object> out = new LinkedHashMap<>();
                m.forEach((k, v) -> out.put(String.valueOf(k), sensitiveKey(String.valueOf(k)) ? REDACTED : tree(v)));
                yield out;
            }
            case List<?> l -> {
                List<Object> out = new ArrayList<>(l.size());
                l.forEach(v -> out.add(tree(v)));
                yield out;
            }
            case String s -> sensitiveValue(s) ? REDACTED : s;
            case null -> null;
            default -> value;
        };
    }

    static String text(String s) {
        return sensitiveValue(s) ? REDACTED : s;
    }

    private static boolean sensitiveValue(String s) {
        return s != null && SENSITIVE_VALUE.matcher(s).matches();
    }
}
