package io.praetor.server.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.praetor.server.config.PraetorConfig;
import java.time.InstantSource;
import jakarta.inject.Singleton;

/** The server's object graph, from one validated configuration and a clock. */
@Singleton
@Component(modules = {AdapterModule.class, ServerModule.class})
public interface ServerComponent {
    PraetorServer server();

    static ServerComponent create(PraetorConfig config, InstantSource clock) {
        return DaggerServerComponent.factory().create(config, clock);
    }

    @Component.Factory
    interface Factory {
        ServerComponent create(@BindsInstance PraetorConfig config, @BindsInstance InstantSource clock);
    }
}
