package dev.confab.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The user agent's side of RFC 8291 / RFC 8188, written for the tests from the RFCs' steps and
 * sharing no code with the server's encryptor (not even its key parsing or HKDF): what a browser
 * does with a push body. Handles several records and padding, which the server never writes.
 */
public final class IndependentPushDecryptor {
    private IndependentPushDecryptor() {}

    public static byte[] decrypt(byte[] body, byte[] uaPrivate, byte[] uaPublic, byte[] authSecret) {
        try {
            ByteBuffer in = ByteBuffer.wrap(body);
            byte[] salt = new byte[16];
            in.get(salt);
            int rs = in.getInt();
            int idlen = in.get() & 0xff;
            byte[] keyid = new byte[idlen];
            in.get(keyid);
            byte[] ciphertext = new byte[in.remaining()];
            in.get(ciphertext);
            if (idlen != 65) throw new IllegalArgumentException("keyid must be the sender's 65-byte public key");

            ECParameterSpec curve = curve();
            KeyFactory kf = KeyFactory.getInstance("EC");
            PrivateKey mine = kf.generatePrivate(new ECPrivateKeySpec(new BigInteger(1, uaPrivate), curve));
            PublicKey theirs = kf.generatePublic(new ECPublicKeySpec(
                    new ECPoint(
                            new BigInteger(1, Arrays.copyOfRange(keyid, 1, 33)),
                            new BigInteger(1, Arrays.copyOfRange(keyid, 33, 65))),
                    curve));
            KeyAgreement ka = KeyAgreement.getInstance("ECDH");
            ka.init(mine);
            ka.doPhase(theirs, true);
            byte[] shared = ka.generateSecret();

            // IKM = HKDF(salt=auth_secret, ikm=ecdh_secret, info="WebPush: info" 0x00 ua_public as_public, L=32)
            byte[] info = ByteBuffer.allocate(14 + 65 + 65)
                    .put("WebPush: info".getBytes(StandardCharsets.US_ASCII))
                    .put((byte) 0)
                    .put(uaPublic)
                    .put(keyid)
                    .array();
            byte[] ikm = hkdf(authSecret, shared, info, 32);
            byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] baseNonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

            java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream();
            int offset = 0;
            for (long seq = 0; offset < ciphertext.length; seq++) {
                int end = Math.min(ciphertext.length, offset + rs);
                byte[] nonce = baseNonce.clone();
                for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (seq >>> (8 * i));
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
                byte[] record = gcm.doFinal(Arrays.copyOfRange(ciphertext, offset, end));
                int last = record.length - 1;
                while (last >= 0 && record[last] == 0) last--; // padding
                if (last < 0) throw new IllegalArgumentException("record without delimiter");
                boolean final_ = end == ciphertext.length;
                if (record[last] != (final_ ? 2 : 1))
                    throw new IllegalArgumentException("wrong delimiter " + record[last]);
                plain.write(record, 0, last);
                offset = end;
            }
            return plain.toByteArray();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot decrypt: " + e, e);
        }
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length)
            throws java.security.GeneralSecurityException {
        Mac extract = Mac.getInstance("HmacSHA256");
        extract.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = extract.doFinal(ikm);
        Mac expand = Mac.getInstance("HmacSHA256");
        expand.init(new SecretKeySpec(prk, "HmacSHA256"));
        expand.update(info);
        expand.update((byte) 1);
        return Arrays.copyOf(expand.doFinal(), length);
    }

    private static ECParameterSpec curve() throws java.security.GeneralSecurityException {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        return p.getParameterSpec(ECParameterSpec.class);
    }
}
