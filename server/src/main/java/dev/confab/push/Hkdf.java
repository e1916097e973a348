package dev.confab.push;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with SHA-256 (RFC 5869), only for outputs of at most one hash length, which is all Web Push needs. */
final class Hkdf {
    private Hkdf() {}

    static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm);
    }

    /** T(1) = HMAC(prk, info || 0x01), cut to {@code length} (at most 32) bytes. */
    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length > 32) throw new IllegalArgumentException("one block only");
        byte[] input = new byte[info.length + 1];
        System.arraycopy(info, 0, input, 0, info.length);
        input[info.length] = 1;
        return java.util.Arrays.copyOf(hmac(prk, input), length);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
