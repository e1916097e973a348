package dev.confab.push;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Voluntary application server identification (RFC 8292): an ES256-signed JWT naming the push
 * service's origin, sent with the server's public key, so the push service can tie a subscription
 * to this server.
 */
public final class Vapid {
    /** Push services reject tokens that live longer than 24 hours. */
    static final Duration LIFETIME = Duration.ofHours(12);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ECPrivateKey privateKey;
    private final String publicKey;
    private final String subject;

    public Vapid(KeyPair keys, String subject) {
        this.privateKey = (ECPrivateKey) keys.getPrivate();
        this.publicKey = B64.encodeToString(P256.encode((ECPublicKey) keys.getPublic()));
        this.subject = subject;
    }

    /** The application server key browsers subscribe with: base64url of the uncompressed point. */
    public String publicKey() {
        return publicKey;
    }

    /** The {@code Authorization} header value for a request to {@code endpoint}. */
    public String authorization(URI endpoint, Instant now) {
        String aud = endpoint.getScheme() + "://" + endpoint.getRawAuthority();
        String header = B64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"ES256\"}".getBytes(StandardCharsets.UTF_8));
        String claims = B64.encodeToString(
                ("{\"aud\":\"" + aud + "\",\"exp\":" + now.plus(LIFETIME).getEpochSecond() + ",\"sub\":\""
                                + subject.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + claims;
        try {
            // JWS wants the signature as R || S, not DER
            Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
            es256.initSign(privateKey);
            es256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return "vapid t=" + signingInput + "." + B64.encodeToString(es256.sign()) + ", k=" + publicKey;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
