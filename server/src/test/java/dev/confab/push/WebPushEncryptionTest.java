package dev.confab.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The encryptor against RFC 8291's worked example, and against the independent decryptor of the tests. */
class WebPushEncryptionTest {
    private static byte[] b64(String s) {
        return Base64.getUrlDecoder().decode(s);
    }

    // RFC 8291 Appendix A
    private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
    private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
    private static final String AS_PUBLIC =
            "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
    private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
    private static final String UA_PUBLIC =
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String MESSAGE =
            "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8w"
                    + "EqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

    @Test
    void encryptsTheRfc8291ExampleByteForByte() {
        KeyPair as = new KeyPair(P256.publicKey(b64(AS_PUBLIC)), P256.privateKey(b64(AS_PRIVATE)));
        byte[] out = WebPushEncryption.encrypt(
                PLAINTEXT.getBytes(StandardCharsets.US_ASCII), b64(UA_PUBLIC), b64(AUTH), as, b64(SALT));
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(out)).isEqualTo(MESSAGE);
    }

    @Test
    void theIndependentDecryptorReadsTheRfcExampleAndFreshMessages() {
        assertThat(new String(
                        IndependentPushDecryptor.decrypt(b64(MESSAGE), b64(UA_PRIVATE), b64(UA_PUBLIC), b64(AUTH)),
                        StandardCharsets.US_ASCII))
                .isEqualTo(PLAINTEXT);

        KeyPair ua = P256.generate();
        byte[] uaPublic = P256.encode((java.security.interfaces.ECPublicKey) ua.getPublic());
        byte[] auth = new byte[16];
        new java.security.SecureRandom().nextBytes(auth);
        byte[] text = "{\"type\":\"message\",\"preview\":\"héllo ✓\"}".getBytes(StandardCharsets.UTF_8);
        byte[] a = WebPushEncryption.encrypt(text, uaPublic, auth);
        byte[] b = WebPushEncryption.encrypt(text, uaPublic, auth);
        assertThat(a).as("fresh salt and key every time").isNotEqualTo(b);
        byte[] uaPrivate = P256.encode((ECPrivateKey) ua.getPrivate());
        assertThat(IndependentPushDecryptor.decrypt(a, uaPrivate, uaPublic, auth))
                .isEqualTo(text);
        assertThat(IndependentPushDecryptor.decrypt(b, uaPrivate, uaPublic, auth))
                .isEqualTo(text);
    }

    @Test
    void refusesKeysOffTheCurveAndPayloadsTooLargeForOnePush() {
        byte[] bad = b64(UA_PUBLIC);
        bad[64] ^= 1;
        assertThatThrownBy(() -> WebPushEncryption.encrypt(new byte[1], bad, b64(AUTH)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebPushEncryption.encrypt(
                        new byte[WebPushEncryption.MAX_PLAINTEXT + 1], b64(UA_PUBLIC), b64(AUTH)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(WebPushEncryption.encrypt(new byte[WebPushEncryption.MAX_PLAINTEXT], b64(UA_PUBLIC), b64(AUTH)))
                .hasSize(4096);
    }
}
