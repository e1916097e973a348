package dev.confab.pairing;

import dev.confab.push.P256;
import dev.confab.wire.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A session grant encrypted to the new device's key, openable with WebCrypto alone: ECDH P-256
 * with a fresh server key, HKDF-SHA-256 (salt empty, info "confab pairing v1") to a 256-bit
 * AES-GCM key, a random 96-bit IV, the pairing id as additional data. All fields base64url.
 */
public record Sealed(String serverKey, String iv, String ciphertext) {
    static final byte[] INFO = "confab pairing v1".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    static Sealed seal(Object grant, byte[] devicePublicKey, String pairingId) {
        KeyPair server = P256.generate();
        byte[] shared = P256.ecdh((ECPrivateKey) server.getPrivate(), P256.publicKey(devicePublicKey));
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        try {
            // HKDF with an empty salt is HMAC keyed with 32 zero bytes (RFC 5869 section 2.2)
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(shared);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(INFO);
            mac.update((byte) 1);
            byte[] key = Arrays.copyOf(mac.doFinal(), 32);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            gcm.updateAAD(pairingId.getBytes(StandardCharsets.US_ASCII));
            byte[] sealed = gcm.doFinal(Json.write(grant).getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b = Base64.getUrlEncoder().withoutPadding();
            return new Sealed(
                    b.encodeToString(P256.encode((ECPublicKey) server.getPublic())),
                    b.encodeToString(iv),
                    b.encodeToString(sealed));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
