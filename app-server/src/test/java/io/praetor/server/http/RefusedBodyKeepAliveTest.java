package io.praetor.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.praetor.ports.Role;
import io.praetor.server.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request refused before its body was read (no token, wrong role, wrong Content-Type, no such
 * route) is answered and its connection stays open: the server reads and drops the body first.
 * Before, it answered with {@code Connection: close} and closed a socket that was still receiving
 * the body, so the kernel reset the connection and a client still writing could lose the answer
 * (the HTTP fuzz's "header parser received no bytes", even on a new connection). Raw sockets, so
 * what is on the wire is what is checked: the refused request and a GET pipelined behind it on
 * the same connection must both be answered.
 */
class RefusedBodyKeepAliveTest {
    private static final int BODY = 256 * 1024;
    private static TestServer api;
    private static String admin;
    private static String viewer;

    @BeforeAll
    static void start() {
        api = TestServer.start(Map.of());
        admin = api.token("acme", "root", Role.ADMIN);
        viewer = api.token("acme", "eve", Role.VIEWER);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0} {1} as {2} ({3}) -> {4}")
    @CsvSource({
        "POST, /api/v1/inventory/snapshots, none, application/json, 401",
        "POST, /api/v1/inventory/snapshots, viewer, application/json, 403",
        "POST, /api/v1/inventory/snapshots, admin, application/yaml, 415",
        "POST, /api/v1/actions, admin, text/plain, 415",
        "POST, /api/v1/no-such-route, admin, application/json, 404",
        "DELETE, /api/v1/metrics, admin, application/json, 405",
    })
    void aRefusedRequest_isAnswered_andItsConnectionServesTheNextRequest(String method, String path, String who,
            String contentType, int status) throws Exception {
        String token = switch (who) {
            case "admin" -> admin;
            case "viewer" -> viewer;
            default -> null;
        };
        byte[] body = new byte[BODY];
        Arrays.fill(body, (byte) 'x');
        URI base = URI.create(api.base);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            String refused = method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n"
                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                    + "Content-Type: " + contentType + "\r\nContent-Length: " + BODY + "\r\n\r\n";
            String next = "GET /healthz HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n\r\n";
            // written by a thread of its own: the server may answer before it has read the whole body
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(refused.getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < BODY; i += 8 * 1024) {
                        out.write(body, i, 8 * 1024);
                    }
                    out.write(next.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    // the old server closed the connection while the body was being written
                }
            });
            InputStream in = socket.getInputStream();
            List<String> answers = new ArrayList<>();
            answers.add(readResponse(in));
            answers.add(readResponse(in));
            writer.join(10_000);
            assertThat(answers.get(0)).startsWith("HTTP/1.1 " + status + " ").contains("application/problem+json")
                    .doesNotContainIgnoringCase("Connection: close");
            assertThat(answers.get(1)).as("the GET sent behind the refused request on the same connection")
                    .startsWith("HTTP/1.1 200 ");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "DELETE, /api/v1/policies/%00",
        "GET, /api/v1/findings/%00",
    })
    void aRequestJettyCannotParse_isAnsweredWithConnectionClose(String method, String path) throws Exception {
        URI base = URI.create(api.base);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            String bad = method + " " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: Bearer " + admin + "\r\n\r\n";
            socket.getOutputStream().write(bad.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = readResponse(in);
            // Jetty closes such a connection: it must say so, or a keep-alive client sends its next request into it
            assertThat(answer).startsWith("HTTP/1.1 400 ").contains("application/problem+json").containsIgnoringCase("Connection: close");
            assertThat(in.read()).as("the connection is closed after the answer").isEqualTo(-1);
        }
    }

    /** One HTTP/1.1 response (status line, headers, Content-Length body) as text; what was read when the connection ends early. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while (!endsWithBlankLine(head)) {
            try {
                b = in.read();
            } catch (IOException e) {
                return "(connection failed after " + head.size() + " bytes: " + e + ") " + head.toString(StandardCharsets.US_ASCII);
            }
            if (b < 0) return "(connection closed after " + head.size() + " bytes) " + head.toString(StandardCharsets.US_ASCII);
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) length = Integer.parseInt(line.substring(15).trim());
        }
        byte[] content = in.readNBytes(length);
        return headers + new String(content, StandardCharsets.UTF_8);
    }

    private static boolean endsWithBlankLine(ByteArrayOutputStream head) {
        byte[] b = head.toByteArray();
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }
}
