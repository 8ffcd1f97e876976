package io.praetor.server.cli;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.Role;
import io.praetor.ports.TenantId;
import io.praetor.server.config.ConfigLoader;
import io.praetor.server.config.Durations;
import io.praetor.server.config.PraetorConfig;
import io.praetor.server.security.DevTokens;
import io.praetor.server.security.SigningKeyFile;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code praetor token}: mints a dev-mode token with the local key; prints only the JWT. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Mint a dev-mode token with the local signing key (the one 'praetor serve' uses).")
final class TokenCommand implements Callable<Integer> {
    @Option(names = "--tenant", required = true, description = "Tenant id (the token's tenant claim).")
    String tenant;

    @Option(names = "--role", required = true, description = "viewer, operator, approver or admin (repeatable).")
    List<String> roles;

    @Option(names = "--sub", defaultValue = "dev-user", description = "Subject (default: ${DEFAULT-VALUE}).")
    String subject;

    @Option(names = "--ttl", defaultValue = "1h", description = "Lifetime: 30s, 15m, 1h or ISO-8601 (default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--config", description = "YAML configuration file (the environment wins).")
    Path config;

    @Override
    public Integer call() {
        PraetorConfig cfg = ConfigLoader.load(System.getenv(), Optional.ofNullable(config));
        EnumSet<Role> parsed = EnumSet.noneOf(Role.class);
        for (String r : roles) {
            parsed.add(Role.fromWire(r).orElseThrow(() -> new PraetorException(ErrorCode.VALIDATION,
                    "unknown role '" + r + "' (use " + String.join(", ", DevTokens.roleNames()) + ")")));
        }
        var key = SigningKeyFile.loadOrCreate(cfg.signingKeyFile());
        String jwt = new DevTokens(key, cfg.tenantClaim(), InstantSource.system())
                .mint(TenantId.of(tenant), subject, parsed, Durations.parse("--ttl", ttl));
        System.out.println(jwt);
        return ExitCodes.OK;
    }
}
