package io.praetor.server.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;

/**
 * The ES256 private JWK that signs ledger tree heads and dev tokens. Instances that share a store
 * share this file; when it is absent it is generated once (owner-readable only), and a process
 * that loses the race to create it reads the winner's key.
 */
public final class SigningKeyFile {
    private SigningKeyFile() {}

    public static ECKey loadOrCreate(Path file) {
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            ECKey key = new ECKeyGenerator(Curve.P_256).keyIDFromThumbprint(true).generate();
            Path tmp = Files.createTempFile(dir, ".signing-key", ".tmp");
            try {
                trySetOwnerOnly(tmp);
                Files.writeString(tmp, key.toJSONString(), StandardCharsets.UTF_8);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return read(file);
        } catch (IOException | JOSEException e) {
            throw new PraetorException(ErrorCode.VALIDATION,
                    "PRAETOR_SIGNING_KEY_FILE: cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    private static void trySetOwnerOnly(Path p) throws IOException {
        try {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // a non-POSIX file system keeps its default permissions
        }
    }

    private static ECKey read(Path file) {
        try {
            ECKey key = ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            if (!key.isPrivate() || !Curve.P_256.equals(key.getCurve())) {
                throw new PraetorException(ErrorCode.VALIDATION,
                        "PRAETOR_SIGNING_KEY_FILE: " + file + " must hold a private P-256 EC JWK");
            }
            if (key.getKeyID() == null) {
                key = new ECKey.Builder(key).keyIDFromThumbprint().build();
            }
            return key;
        } catch (IOException | ParseException | JOSEException e) {
            throw new PraetorException(ErrorCode.VALIDATION,
                    "PRAETOR_SIGNING_KEY_FILE: " + file + " is not a readable EC JWK: " + e.getMessage(), e);
        }
    }
}
