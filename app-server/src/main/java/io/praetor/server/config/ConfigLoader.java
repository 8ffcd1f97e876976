package io.praetor.server.config;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads {@link PraetorConfig} from environment variables and an optional YAML file whose keys are
 * the variable names without {@code PRAETOR_}, lower case, {@code _} → {@code .}
 * ({@code pg.url}); the environment wins.
 */
public final class ConfigLoader {
    private final Map<String, String> values;

    private ConfigLoader(Map<String, String> values) {
        this.values = values;
    }

    /** From the process environment and, when given, a YAML file. */
    public static PraetorConfig load(Map<String, String> environment, Optional<Path> yamlFile) {
        Map<String, String> merged = new HashMap<>();
        yamlFile.ifPresent(f -> merged.putAll(readYaml(f)));
        environment.forEach((k, v) -> {
            if (k.startsWith("PRAETOR_")) merged.put(k, v);
        });
        return new ConfigLoader(merged).build();
    }

    private static Map<String, String> readYaml(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadFromReader(r);
        } catch (IOException e) {
            throw new ConfigException("--config", "cannot read " + file + ": " + e.getMessage());
        } catch (YamlEngineException e) {
            throw new ConfigException("--config", file + " is not valid YAML: " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (root == null) return out;
        if (!(root instanceof Map<?, ?> map)) {
            throw new ConfigException("--config", file + " must be a mapping of keys such as pg.url");
        }
        flatten("", map, out);
        return out;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) {
                flatten(key, nested, out);
            } else if (e.getValue() != null) {
                out.put("PRAETOR_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), String.valueOf(e.getValue()));
            }
        }
    }

    private Optional<String> opt(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    private String str(String name, String dflt) {
        return opt(name).orElse(dflt);
    }

    private String required(String name, String because) {
        return opt(name).orElseThrow(() -> new ConfigException(name, "is required " + because));
    }

    private long integer(String name, long dflt, long min, long max) {
        Optional<String> v = opt(name);
        if (v.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(v.get());
            if (n < min || n > max) throw new ConfigException(name, "must be between " + min + " and " + max + ", got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "'" + v.get() + "' is not a whole number");
        }
    }

    private boolean bool(String name, boolean dflt) {
        Optional<String> v = opt(name);
        if (v.isEmpty()) return dflt;
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new ConfigException(name, "'" + v.get() + "' is not true or false");
        };
    }

    private <E extends Enum<E>> E choice(String name, Class<E> type, E dflt) {
        Optional<String> v = opt(name);
        if (v.isEmpty()) return dflt;
        try {
            return Enum.valueOf(type, v.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                if (!allowed.isEmpty()) allowed.append(", ");
                allowed.append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new ConfigException(name, "'" + v.get() + "' is not one of " + allowed);
        }
    }

    private static URI uri(String name, String text) {
        try {
            URI u = new URI(text);
            if (u.getScheme() == null || u.getHost() == null) throw new ConfigException(name, "'" + text + "' is not an absolute URL");
            return u;
        } catch (URISyntaxException e) {
            throw new ConfigException(name, "'" + text + "' is not a URL");
        }
    }

    private PraetorConfig build() {
        int port = (int) integer("PRAETOR_PORT", 8080, 0, 65535);
        String bind = str("PRAETOR_BIND", "127.0.0.1");
        Path dataDir = Path.of(str("PRAETOR_DATA_DIR", "./data"));
        Path keyFile = opt("PRAETOR_SIGNING_KEY_FILE").map(Path::of).orElse(dataDir.resolve("signing-key.jwk"));

        PraetorConfig.Store store = choice("PRAETOR_STORE", PraetorConfig.Store.class, PraetorConfig.Store.MEMORY);
        Optional<PraetorConfig.Postgres> pg = Optional.empty();
        if (store == PraetorConfig.Store.POSTGRES) {
            String url = required("PRAETOR_PG_URL", "when PRAETOR_STORE=postgres");
            if (!url.startsWith("jdbc:postgresql:")) throw new ConfigException("PRAETOR_PG_URL", "must start with jdbc:postgresql:");
            pg = Optional.of(new PraetorConfig.Postgres(url, str("PRAETOR_PG_USER", "postgres"),
                    str("PRAETOR_PG_PASSWORD", ""), str("PRAETOR_PG_APP_ROLE", "praetor_app")));
        }

        PraetorConfig.Bus bus = choice("PRAETOR_BUS", PraetorConfig.Bus.class, PraetorConfig.Bus.MEMORY);
        Optional<String> nats = opt("PRAETOR_NATS_URL");
        Optional<String> kafka = opt("PRAETOR_KAFKA_BOOTSTRAP");
        if (bus == PraetorConfig.Bus.NATS && nats.isEmpty()) throw new ConfigException("PRAETOR_NATS_URL", "is required when PRAETOR_BUS=nats");
        if (bus == PraetorConfig.Bus.KAFKA && kafka.isEmpty()) throw new ConfigException("PRAETOR_KAFKA_BOOTSTRAP", "is required when PRAETOR_BUS=kafka");

        PraetorConfig.Evidence evidence = choice("PRAETOR_EVIDENCE", PraetorConfig.Evidence.class, PraetorConfig.Evidence.FS);
        Optional<PraetorConfig.S3> s3 = Optional.empty();
        if (evidence == PraetorConfig.Evidence.S3) {
            s3 = Optional.of(new PraetorConfig.S3(opt("PRAETOR_S3_ENDPOINT"),
                    required("PRAETOR_S3_BUCKET", "when PRAETOR_EVIDENCE=s3"),
                    str("PRAETOR_S3_REGION", "us-east-1"), bool("PRAETOR_S3_PATH_STYLE", false)));
        }

        Optional<PraetorConfig.Ai> ai = opt("PRAETOR_AI_URL").map(u -> new PraetorConfig.Ai(
                uri("PRAETOR_AI_URL", u),
                required("PRAETOR_AI_MODEL", "when PRAETOR_AI_URL is set"),
                opt("PRAETOR_AI_API_KEY"),
                Duration.ofMillis(integer("PRAETOR_AI_TIMEOUT_MS", 1500, 1, 600_000)),
                Duration.ofMillis(integer("PRAETOR_AI_INLINE_BUDGET_MS", 250, 1, 600_000))));

        Map<String, URI> webhooks = webhooks(opt("PRAETOR_WEBHOOKS").orElse(""));

        Optional<PraetorConfig.Oidc> oidc = opt("PRAETOR_OIDC_ISSUER").map(i -> new PraetorConfig.Oidc(
                uri("PRAETOR_OIDC_ISSUER", i), opt("PRAETOR_OIDC_AUDIENCE"), opt("PRAETOR_OIDC_CLIENT_ID")));
        boolean devMode = bool("PRAETOR_DEV_MODE", oidc.isEmpty());

        long body = integer("PRAETOR_BODY_LIMIT_MB", 10, 1, 4096) * 1024 * 1024;
        long inventory = integer("PRAETOR_INVENTORY_LIMIT_MB", 64, 1, 65536) * 1024 * 1024;
        Optional<PraetorConfig.RateSetting> rate = rate(str("PRAETOR_RATE_LIMIT", "200/s"));
        Duration heartbeat = Duration.ofSeconds(integer("PRAETOR_SSE_HEARTBEAT_S", 15, 1, 3600));
        // How soon another instance takes over the action of a dead one (ADR 0018).
        Duration actionLease = Duration.ofSeconds(integer("PRAETOR_ACTION_LEASE_S", 300, 1, 86_400));
        int sseBuffer = (int) integer("PRAETOR_SSE_BUFFER_EVENTS", 1024, 1, 1_000_000);

        return new PraetorConfig(port, bind, dataDir, keyFile, store, pg, bus, str("PRAETOR_BUS_PREFIX", "praetor"),
                nats, kafka, evidence, s3, opt("PRAETOR_REDIS_URL"), str("PRAETOR_REDIS_PREFIX", "praetor"), ai,
                webhooks, oidc, str("PRAETOR_TENANT_CLAIM", "tid"), devMode, body, inventory, rate, heartbeat,
                new PraetorConfig.S3Target(opt("PRAETOR_S3_ENDPOINT"), str("PRAETOR_S3_REGION", "us-east-1"),
                        bool("PRAETOR_S3_PATH_STYLE", false)),
                credentialSets(), Duration.ofSeconds(integer("PRAETOR_SOURCE_SYNC_TICK_S", 30, 1, 3600)),
                sseBuffer, actionLease);
    }

    private static final java.util.regex.Pattern CREDENTIAL_KEY =
            java.util.regex.Pattern.compile("PRAETOR_CREDENTIALS_([A-Z0-9_]+)_ACCESS_KEY_ID");

    /** Every {@code PRAETOR_CREDENTIALS_<NAME>_ACCESS_KEY_ID} with its {@code _SECRET_ACCESS_KEY} (required). */
    private Map<String, PraetorConfig.CredentialSet> credentialSets() {
        Map<String, PraetorConfig.CredentialSet> sets = new java.util.TreeMap<>();
        for (String key : values.keySet()) {
            var m = CREDENTIAL_KEY.matcher(key);
            if (!m.matches()) continue;
            String name = m.group(1);
            String prefix = "PRAETOR_CREDENTIALS_" + name;
            sets.put(name, new PraetorConfig.CredentialSet(required(key, ""),
                    required(prefix + "_SECRET_ACCESS_KEY", "when " + key + " is set"), opt(prefix + "_SESSION_TOKEN")));
        }
        return Map.copyOf(sets);
    }

    /** The variable-name form of a credential set's name: upper case, '-' and '.' as '_'. */
    public static String credentialSetName(String reference) {
        return reference.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    /** {@code name=url,name=url}. */
    static Map<String, URI> webhooks(String spec) {
        Map<String, URI> out = new LinkedHashMap<>();
        if (spec.isBlank()) return Map.of();
        for (String part : spec.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new ConfigException("PRAETOR_WEBHOOKS", "'" + part.trim() + "' is not name=url");
            }
            String name = part.substring(0, eq).trim();
            if (!name.matches("[A-Za-z0-9_.-]{1,64}")) throw new ConfigException("PRAETOR_WEBHOOKS", "bad endpoint name '" + name + "'");
            if (out.putIfAbsent(name, uri("PRAETOR_WEBHOOKS", part.substring(eq + 1).trim())) != null) {
                throw new ConfigException("PRAETOR_WEBHOOKS", "endpoint '" + name + "' is named twice");
            }
        }
        return Map.copyOf(out);
    }

    static Optional<PraetorConfig.RateSetting> rate(String spec) {
        if (spec.equalsIgnoreCase("off")) return Optional.empty();
        var m = java.util.regex.Pattern.compile("(\\d{1,9})/(s|m|h)").matcher(spec.trim());
        if (!m.matches()) throw new ConfigException("PRAETOR_RATE_LIMIT", "'" + spec + "' is not N/s, N/m, N/h or off");
        Duration period = switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> throw new IllegalStateException("unreachable");
        };
        long permits = Long.parseLong(m.group(1));
        if (permits < 1) throw new ConfigException("PRAETOR_RATE_LIMIT", "must allow at least 1 request");
        return Optional.of(new PraetorConfig.RateSetting(permits, period));
    }
}
