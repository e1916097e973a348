package dev.confab.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188): a fresh
 * ephemeral key and salt per message, one record, no padding beyond the delimiter.
 */
public final class WebPushEncryption {
    /** The record size written in the header; one record must hold the whole payload. */
    static final int RECORD_SIZE = 4096;
    /** Header (16 salt + 4 rs + 1 idlen + 65 key) + delimiter + tag: what a payload may use of 4096 bytes. */
    public static final int MAX_PLAINTEXT = RECORD_SIZE - 86 - 1 - 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {}

    /** Encrypts for the subscription's {@code p256dh} key (65 bytes) and {@code auth} secret (16 bytes). */
    public static byte[] encrypt(byte[] plaintext, byte[] p256dh, byte[] auth) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, p256dh, auth, P256.generate(), salt);
    }

    /** With a given application-server key pair and salt: for the RFC's known answer only. */
    static byte[] encrypt(byte[] plaintext, byte[] p256dh, byte[] auth, KeyPair ephemeral, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) throw new IllegalArgumentException("payload too large for one push");
        if (auth.length != 16) throw new IllegalArgumentException("auth secret must be 16 bytes");
        ECPublicKey uaPublic = P256.publicKey(p256dh);
        byte[] asPublic = P256.encode((ECPublicKey) ephemeral.getPublic());
        byte[] ecdhSecret = P256.ecdh((ECPrivateKey) ephemeral.getPrivate(), uaPublic);

        // RFC 8291 section 3.4: mix the auth secret and both public keys into the input keying material
        byte[] prkKey = Hkdf.extract(auth, ecdhSecret);
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), p256dh, asPublic);
        byte[] ikm = Hkdf.expand(prkKey, keyInfo, 32);
        // RFC 8188 section 2.2 and 2.3
        byte[] prk = Hkdf.extract(salt, ikm);
        byte[] cek = Hkdf.expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
        byte[] nonce = Hkdf.expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

        byte[] record = new byte[plaintext.length + 1];
        System.arraycopy(plaintext, 0, record, 0, plaintext.length);
        record[plaintext.length] = 2; // the last (and only) record's delimiter
        byte[] sealed;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            sealed = gcm.doFinal(record);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + sealed.length)
                .put(salt)
                .putInt(RECORD_SIZE)
                .put((byte) asPublic.length)
                .put(asPublic)
                .put(sealed)
                .array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }
}
