package io.praetor.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of the test's own: {@code initdb} into the service's directory (trust, user
 * postgres), then {@code pg_ctl} to start and stop it, from {@code -Dpraetor.pg.bin}, the newest
 * /usr/lib/postgresql/N/bin, or the PATH. PostgreSQL refuses to run as root, so as root every
 * command runs as the {@code postgres} user through {@code runuser}, which owns the directory.
 * fsync is off: the tests restart it cleanly, they do not pull its power.
 */
public final class OwnPostgres extends OwnService {
    private final Path bin;
    private final Path data;
    private final boolean asRoot = "root".equals(System.getProperty("user.name"));

    private OwnPostgres() {
        super("pg");
        List<Path> candidates = new ArrayList<>();
        property("praetor.pg.bin").ifPresent(b -> candidates.add(b.resolve("pg_ctl")));
        candidates.addAll(installed());
        candidates.addAll(onPath("pg_ctl"));
        this.bin = binary("pg_ctl (PostgreSQL server binaries)", candidates).getParent();
        this.data = dir.resolve("data");
        if (asRoot) chownToPostgres(dir);
        run(as(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync", "--no-instructions")));
    }

    /** Initialised and started, accepting connections. */
    public static OwnPostgres started() {
        OwnPostgres pg = new OwnPostgres();
        pg.start();
        return pg;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database; its name. */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
            return name;
        } catch (SQLException e) {
            throw new AssertionError("cannot create database " + name + " on " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "PostgreSQL on port " + port + " (log " + dir.resolve("postgres.log") + ")";
    }

    @Override
    protected void launch() {
        run(as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", dir.resolve("postgres.log").toString(),
                "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c full_page_writes=off -c synchronous_commit=off -c max_connections=100", "start")));
    }

    @Override
    protected void halt() {
        // fast: what a restart by an operator does — open connections are ended, then a clean checkpoint
        run(as(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop")));
    }

    @Override
    protected boolean answers() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private List<String> as(List<String> command) {
        if (!asRoot) return command;
        List<String> all = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        all.addAll(command);
        return all;
    }

    /** The server binaries of installed major versions, newest first (Debian's layout). */
    private static List<Path> installed() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> versions = Files.list(root)) {
            return versions.sorted(Comparator.comparing((Path p) -> versionOf(p)).reversed())
                    .map(p -> p.resolve("bin").resolve("pg_ctl")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int versionOf(Path p) {
        try {
            return Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void chownToPostgres(Path dir) {
        try {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        } catch (IOException e) {
            throw new AssertionError("running as root, this test runs PostgreSQL as the 'postgres' user, which it cannot use: "
                    + e.getMessage(), e);
        }
    }
}
