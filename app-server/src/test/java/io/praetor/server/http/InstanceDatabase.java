package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

/**
 * A PostgreSQL database of a multi-instance test's own, on the machine's server (127.0.0.1:5432, trust),
 * and the settings that point a {@code praetor serve} child process at it: the part of every instance's
 * environment that {@link TwoInstancesTest} and {@link StoppedHolderFencedOutTest} share.
 */
final class InstanceDatabase implements AutoCloseable {
    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private final String name;

    private InstanceDatabase(String name) {
        this.name = name;
    }

    /** Creates the database; a missing server fails the test loudly. */
    static InstanceDatabase create(String namePrefix) {
        String name = namePrefix + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new AssertionError("this test needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust): " + e.getMessage(), e);
        }
        return new InstanceDatabase(name);
    }

    String url() {
        return SERVER + name;
    }

    /**
     * An instance's environment on this database: its own port and data directory under {@code dir},
     * the signing key both share, no rate limit, a 2 s action lease (so a takeover is quick to see).
     */
    Map<String, String> instanceEnv(Path dir, String instance) {
        Map<String, String> env = new HashMap<>();
        env.put("PRAETOR_PORT", "0");
        env.put("PRAETOR_DATA_DIR", dir.resolve(instance).toString());
        env.put("PRAETOR_SIGNING_KEY_FILE", dir.resolve("signing-key.jwk").toString());
        env.put("PRAETOR_STORE", "postgres");
        env.put("PRAETOR_PG_URL", url());
        env.put("PRAETOR_PG_USER", "postgres");
        env.put("PRAETOR_PG_APP_ROLE", "praetor_app_test");
        env.put("PRAETOR_RATE_LIMIT", "off");
        env.put("PRAETOR_ACTION_LEASE_S", "2");
        return env;
    }

    /** The action's event seqs are 1..n without gaps or repeats, and each execution state was entered exactly once. */
    void assertEventsOnce(String actionId) throws SQLException {
        List<Long> seqs = new ArrayList<>();
        List<String> states = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url(), "postgres", "");
             var st = c.prepareStatement("SELECT seq, state FROM action_events WHERE action_id = ? ORDER BY seq")) {
            st.setString(1, actionId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                    states.add(rs.getString(2));
                }
            }
        }
        assertThat(seqs).as("event seqs of " + actionId).isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
        assertThat(states).as("states of " + actionId)
                .containsExactly("queued", "preflight", "planned", "approved", "in_progress", "verifying", "completed");
    }

    /** Drops the database, ending the connections the instances may still hold. */
    @Override
    public void close() throws SQLException {
        try (Connection admin = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            admin.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
