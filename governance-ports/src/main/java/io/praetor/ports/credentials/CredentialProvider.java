package io.praetor.ports.credentials;

import io.praetor.ports.TenantId;
import java.util.Optional;

/**
 * Looks up the credentials a tenant has for a provider account. Thread-safe; returns empty when
 * none are configured (adapters then fall back to their SDK's default chain).
 */
public interface CredentialProvider {
    Optional<Credentials> lookup(TenantId tenant, String provider, String account);
}
