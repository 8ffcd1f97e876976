package io.praetor.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The web console's static files from the classpath (under {@code root}): a path whose last
 * segment has an extension is a file; a path without one is a page of the static export
 * ({@code /findings} → {@code findings.html}, else {@code findings/index.html}); anything else, or
 * a file that does not exist, falls back to {@code index.html}, so client-side routes load.
 * Paths that climb out of the root are refused.
 */
final class ConsoleFiles {
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"), Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"), Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"));

    private final ClassLoader loader;
    private final String root;

    private ConsoleFiles(ClassLoader loader, String root) {
        this.loader = loader;
        this.root = root;
    }

    /** A console when {@code root/index.html} is on the classpath of {@code loader}. */
    static Optional<ConsoleFiles> fromClasspath(ClassLoader loader, String root) {
        return loader.getResource(root + "/index.html") == null ? Optional.empty()
                : Optional.of(new ConsoleFiles(loader, root));
    }

    Optional<Reply> serve(String path) {
        if (path.contains("..") || path.contains("\\") || path.contains("//")) return Optional.empty();
        String last = path.substring(path.lastIndexOf('/') + 1);
        int dot = last.lastIndexOf('.');
        if (dot > 0) {
            Optional<Reply> file = read(path.substring(1), last.substring(dot + 1).toLowerCase(Locale.ROOT));
            if (file.isPresent()) return file;
        } else if (path.length() > 1) {
            String page = path.substring(1).endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
            Optional<Reply> html = read(page + ".html", "html").or(() -> read(page + "/index.html", "html"));
            if (html.isPresent()) return html;
        }
        return read("index.html", "html");
    }

    private Optional<Reply> read(String name, String extension) {
        try (InputStream in = loader.getResourceAsStream(root + "/" + name)) {
            if (in == null) return Optional.empty();
            String type = TYPES.getOrDefault(extension, "application/octet-stream");
            // pages change with each build; hashed assets under _next/static never do
            Map<String, String> headers = extension.equals("html") ? Map.of("Cache-Control", "no-cache")
                    : name.startsWith("_next/static/") ? Map.of("Cache-Control", "public, max-age=31536000, immutable")
                    : Map.of();
            return Optional.of(new Reply.Bytes(200, type, headers, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
