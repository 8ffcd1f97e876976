package io.praetor.domain.evidence;

import io.praetor.domain.json.Rfc3339;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import io.praetor.domain.json.CanonicalJson;
import io.praetor.domain.json.JsonTreeReader;
import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;
import io.praetor.ports.TenantId;
import io.praetor.ports.evidence.Signer;
import io.praetor.ports.evidence.TreeHead;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Signed tree heads as API.md fixes them: JWS compact, ES256, header {@code kid} = the RFC 7638
 * thumbprint of the signing key, payload the RFC 8785 JSON of
 * {@code {tenant, tree_size, root_hash, timestamp}}. Signing goes through the {@link Signer} port;
 * checking needs only the public JWK. Thread-safe.
 */
public final class TreeHeadJws {
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    private TreeHeadJws() {}

    /** What a tree head claims. */
    public record Claims(String tenant, long treeSize, String rootHash, String timestamp) {}

    /** The outcome of checking a head: its claims when it could be read, and every problem found. */
    public record Check(Optional<Claims> claims, List<String> problems) {
        public Check {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty() && claims.isPresent();
        }
    }

    public static TreeHead sign(Signer signer, TenantId tenant, long treeSize, byte[] root, Instant timestamp) {
        ECKey publicKey = publicKey(signer.publicJwk());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("tenant", tenant.value());
        payload.put("tree_size", treeSize);
        payload.put("root_hash", MerkleHashes.hex(root));
        payload.put("timestamp", Rfc3339.millis(timestamp));
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(thumbprint(publicKey)).build(),
                new Payload(CanonicalJson.toBytes(payload)));
        try {
            jws.sign(new PortJwsSigner(signer));
        } catch (JOSEException e) {
            throw new PraetorException(ErrorCode.DEPENDENCY_UNAVAILABLE, "signing the tree head failed: " + e.getMessage(), e);
        }
        return new TreeHead(tenant, treeSize, MerkleHashes.hex(root), Rfc3339.parse(Rfc3339.millis(timestamp)),
                jws.serialize());
    }

    /** Parses a public JWK (EC, P-256, no private part); anything else is {@link ErrorCode#VALIDATION}. */
    public static ECKey publicKey(Map<String, ?> jwk) {
        try {
            ECKey key = ECKey.parse(new LinkedHashMap<String, Object>(jwk));
            if (!Curve.P_256.equals(key.getCurve())) {
                throw new PraetorException(ErrorCode.VALIDATION, "the tree-head key must be on curve P-256");
            }
            for (String coordinate : new String[] {"x", "y"}) {
                // Base64url with unused low bits set decodes to the same number: accept only the canonical text.
                Object text = jwk.get(coordinate);
                Base64URL value = coordinate.equals("x") ? key.getX() : key.getY();
                if (!Base64URL.encode(value.decode()).toString().equals(text)) {
                    throw new PraetorException(ErrorCode.VALIDATION, coordinate + " is not canonical base64url");
                }
            }
            if (key.isPrivate()) {
                throw new PraetorException(ErrorCode.VALIDATION, "a public key must not carry its private part");
            }
            return key;
        } catch (ParseException | IllegalArgumentException e) {
            throw new PraetorException(ErrorCode.VALIDATION, "not an EC P-256 public JWK: " + e.getMessage(), e);
        }
    }

    /** The public part as a JWK map: {@code kty, crv, x, y}. */
    public static Map<String, Object> publicJwk(ECKey key) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kty", "EC");
        m.put("crv", key.getCurve().getName());
        m.put("x", key.getX().toString());
        m.put("y", key.getY().toString());
        return m;
    }

    /** RFC 7638 SHA-256 thumbprint, base64url. */
    public static String thumbprint(ECKey key) {
        try {
            return key.computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new PraetorException(ErrorCode.INTERNAL, "cannot compute the key thumbprint", e);
        }
    }

    /** Checks the algorithm, the key id, the signature and the payload's shape of a compact JWS. */
    public static Check verify(String compact, ECKey publicKey) {
        List<String> problems = new ArrayList<>();
        JWSObject jws;
        String text = compact.endsWith("\n") ? compact.substring(0, compact.length() - 1) : compact;
        if (!COMPACT.matcher(text).matches()) {
            return new Check(Optional.empty(), List.of("bad signature: the tree head is not a compact JWS"));
        }
        try {
            jws = JWSObject.parse(text);
        } catch (ParseException e) {
            return new Check(Optional.empty(), List.of("bad signature: the tree head is not a compact JWS: " + e.getMessage()));
        }
        Base64URL[] parts = jws.getParsedParts();
        for (Base64URL part : parts) {
            if (!Base64URL.encode(part.decode()).toString().equals(part.toString())) {
                problems.add("bad signature: the tree head is not canonical base64url");
                break;
            }
        }
        if (!JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())) {
            problems.add("tree head is signed with " + jws.getHeader().getAlgorithm() + ", not ES256");
        }
        String expectedKid = thumbprint(publicKey);
        String kid = jws.getHeader().getKeyID();
        if (!expectedKid.equals(kid)) {
            problems.add("key mismatch: the tree head names key " + kid + ", the public key's thumbprint is " + expectedKid);
        }
        try {
            if (JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm()) && !jws.verify(new ECDSAVerifier(publicKey))) {
                problems.add("bad signature: the tree head's signature does not verify with the public key");
            }
        } catch (JOSEException e) {
            problems.add("bad signature: " + e.getMessage());
        }
        Optional<Claims> claims = Optional.empty();
        try {
            Map<String, Object> p = JsonTreeReader.readObject(jws.getPayload().toBytes());
            Object size = p.get("tree_size");
            Object root = p.get("root_hash");
            if (p.get("tenant") instanceof String tenant && size instanceof Long treeSize && treeSize >= 0
                    && root instanceof String rootHash && MerkleHashes.isHash(rootHash)
                    && p.get("timestamp") instanceof String timestamp) {
                claims = Optional.of(new Claims(tenant, treeSize, rootHash, timestamp));
            } else {
                problems.add("tree head payload is not {tenant, tree_size, root_hash, timestamp}");
            }
        } catch (PraetorException e) {
            problems.add("tree head payload is not JSON: " + e.getMessage());
        }
        return new Check(claims, problems);
    }
}
