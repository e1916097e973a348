package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Avatar checks cost CPU, so they are limited: uploads per user, and pixels read from the header before any decoding. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class AvatarLimitsEndToEndTest {
    @Parameter
    StoreKind kind;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aBig16BitPngIsRefusedByItsHeaderBeforeDecoding() throws Exception {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        byte[] big = png(4096, 4096, 16, 0, true); // 16-bit grey, all zero: a small file, a 32 MB raster
        assertThat(big.length).isLessThan(2 * 1024 * 1024);
        assertThatThrownBy(() -> alice.uploadAvatar(big, "image/png"))
                .isInstanceOfSatisfying(ConfabException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.code()).isEqualTo("too_large");
                    assertThat(e.getMessage()).contains("4096x4096");
                });
        // within the pixel limit the same kind of image is fine
        assertThat(alice.uploadAvatar(png(512, 512, 16, 0, true), "image/png")).isNotNull();
    }

    @Test
    void aPixelBombHeaderIsRefusedAsTooLargeNotDecoded() throws Exception {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        // Claims 4000x4000 RGBA (64 MB decoded) but carries almost no data: decoding it would fail as
        // invalid_image after allocating; the header check refuses it first.
        byte[] bomb = png(4000, 4000, 8, 6, false);
        assertThat(bomb.length).isLessThan(200);
        assertThatThrownBy(() -> alice.uploadAvatar(bomb, "image/png"))
                .isInstanceOfSatisfying(
                        ConfabException.class, e -> assertThat(e.code()).isEqualTo("too_large"));
    }

    @Test
    void tooManyUploadsAreRateLimited() {
        server = TestServer.start(kind, Map.of("rate.avatar", "3/1h"));
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        for (int i = 0; i < 3; i++) alice.uploadAvatar(TestImages.png(32, 32), "image/png");
        var refused = alice.rawBytes("PUT", "/api/v1/me/avatar", TestImages.png(32, 32), "image/png");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).contains("\"rate_limited\"", "retryAfterMs");
        assertThat(bob.uploadAvatar(TestImages.png(32, 32), "image/png")).isNotNull();
    }

    /**
     * A PNG written by hand: {@code colorType} 0 (grey) or 6 (RGBA); with {@code complete} false only
     * the first row's worth of data follows the header.
     */
    static byte[] png(int width, int height, int bitDepth, int colorType, boolean complete) throws IOException {
        int channels = colorType == 6 ? 4 : 1;
        int rowBytes = 1 + width * channels * bitDepth / 8;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        byte[] row = new byte[rowBytes]; // filter 0 and zero samples
        byte[] buf = new byte[65536];
        int rows = complete ? height : 1;
        for (int r = 0; r < rows; r++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) data.write(buf, 0, deflater.deflate(buf));
        }
        deflater.finish();
        while (!deflater.finished()) data.write(buf, 0, deflater.deflate(buf));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {(byte) bitDepth, (byte) colorType, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        chunk(out, "IDAT", data.toByteArray());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] body) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(body.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        d.writeInt((int) crc.getValue());
    }
}
