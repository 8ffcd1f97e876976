package io.praetor.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** Reads the version Maven filtered into {@code praetor-version.properties}. */
final class VersionInfo implements CommandLine.IVersionProvider {
    static String version() {
        Properties props = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("/praetor-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            // fall through to "unknown": a missing version must not stop the CLI
        }
        return props.getProperty("version", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "praetor " + version(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + ")"
        };
    }
}
