package io.praetor.adapters.bus.kafka;

import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The {@link InJvmKafka} broker this module's tests share, started on first use and stopped when the
 * JVM exits.
 */
final class EmbeddedKafka {
    private static EmbeddedKafka shared;

    private final InJvmKafka broker;

    private EmbeddedKafka(InJvmKafka broker) {
        this.broker = broker;
    }

    /** The broker of this JVM, started on first call. */
    static synchronized EmbeddedKafka shared() {
        if (shared == null) {
            InJvmKafka broker;
            try {
                broker = new InJvmKafka();
            } catch (Exception e) {
                throw new IllegalStateException("the embedded Kafka broker did not start", e);
            }
            shared = new EmbeddedKafka(broker);
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        }
        return shared;
    }

    String bootstrap() {
        return broker.bootstrap;
    }

    Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap);
        return Admin.create(p);
    }
}
