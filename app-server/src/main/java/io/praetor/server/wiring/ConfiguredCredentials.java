package io.praetor.server.wiring;

import io.praetor.ports.TenantId;
import io.praetor.ports.credentials.CredentialProvider;
import io.praetor.ports.credentials.Credentials;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.config.PraetorConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The credential sets of the configuration ({@code PRAETOR_CREDENTIALS_<NAME>_*}), server-wide, as
 * the credentials port: {@code aws} credentials looked up by name — the name a live source gives in
 * {@code credentials}, or the account of the resource an action changes. Kind {@code aws-static}
 * with {@code access_key_id}, {@code secret_access_key} and, for STS session credentials,
 * {@code session_token}.
 */
final class ConfiguredCredentials implements CredentialProvider {
    private final Map<String, PraetorConfig.CredentialSet> sets;

    ConfiguredCredentials(Map<String, PraetorConfig.CredentialSet> sets) {
        this.sets = Map.copyOf(Objects.requireNonNull(sets));
    }

    @Override
    public Optional<Credentials> lookup(TenantId tenant, String provider, String name) {
        if (!provider.equals("aws") || name.isEmpty()) return Optional.empty();
        PraetorConfig.CredentialSet set = sets.get(ConfigLoader.credentialSetName(name));
        if (set == null) return Optional.empty();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("access_key_id", set.accessKeyId());
        values.put("secret_access_key", set.secretAccessKey());
        set.sessionToken().ifPresent(t -> values.put("session_token", t));
        return Optional.of(new Credentials("aws-static", values));
    }
}
