package io.praetor.adapters.bus.nats;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.Nats;
import io.praetor.ports.PraetorException;
import io.praetor.ports.events.EventBus;
import io.praetor.testkit.EventBusContract;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The bus contract against the real nats-server with JetStream at {@value #URL} (override with
 * {@code -Dpraetor.nats.url}). Every bus gets its own prefix, hence its own stream, deleted after
 * the test. Fails, never skips, when the server is not there.
 */
class NatsEventBusContractTest extends EventBusContract {
    static final String URL = "nats://127.0.0.1:4222";
    private final Map<EventBus, String> prefixes = new IdentityHashMap<>();

    static String url() {
        return System.getProperty("praetor.nats.url", URL);
    }

    @Override
    protected EventBus newBus() {
        String prefix = "test-" + UUID.randomUUID().toString().substring(0, 12);
        NatsEventBus bus;
        try {
            bus = NatsEventBus.connect(new NatsBusSettings(url(), prefix));
        } catch (PraetorException e) {
            throw new AssertionError("These tests need nats-server with JetStream (nats-server -js) at " + url()
                    + "; it is not reachable: " + e.getMessage(), e);
        }
        prefixes.put(bus, prefix);
        return bus;
    }

    @Override
    protected void closeBus(EventBus bus) {
        ((NatsEventBus) bus).close();
        deleteStream(NatsEventBus.streamName(prefixes.remove(bus)));
    }

    static void deleteStream(String stream) {
        try {
            Connection c = Nats.connect(url());
            try {
                c.jetStreamManagement().deleteStream(stream);
            } finally {
                c.close();
            }
        } catch (IOException | JetStreamApiException e) {
            throw new AssertionError("could not delete test stream " + stream, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
