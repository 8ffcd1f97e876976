package io.praetor.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP endpoint that accepts every connection, reads whatever is sent and never answers: an HTTP
 * service hanging after accept. It counts the connections it accepted and those the client still
 * holds open (a client that gives up must close its connection, or they pile up).
 */
final class SilentEndpoint implements AutoCloseable {
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    final AtomicLong accepted = new AtomicLong();
    private final Thread acceptor;

    SilentEndpoint() {
        try {
            server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = Thread.ofVirtual().name("silent-endpoint").start(this::accept);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** Connections the client has not closed yet. */
    int open() {
        return open.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> swallow(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Reads until the client closes; answers nothing. */
    private void swallow(Socket s) {
        byte[] buf = new byte[8192];
        try (s; InputStream in = s.getInputStream()) {
            while (in.read(buf) >= 0) {
                // the request is read and ignored
            }
        } catch (IOException closed) {
            // the client hung up
        } finally {
            open.remove(s);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        acceptor.interrupt();
    }
}
