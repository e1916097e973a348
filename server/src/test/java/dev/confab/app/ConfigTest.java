package dev.confab.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
    @Test
    void defaultsRunOnAnEmbeddedSqliteFile() {
        Config c = Config.load(new String[0], Map.of());
        assertThat(c.storeUrl()).isEqualTo("jdbc:sqlite:data/confab.db");
        assertThat(c.httpPort()).isEqualTo(8080);
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("confab.properties");
        Files.writeString(file, "http.port=7000\nlimits.textLength=100\nauth.bcryptCost=5\n");
        Config c = Config.load(
                new String[] {"--config=" + file, "--http.port=9000"},
                Map.of("CONFAB_HTTP_PORT", "8000", "CONFAB_LIMITS_TEXT_LENGTH", "200"));
        assertThat(c.httpPort()).isEqualTo(9000);
        assertThat(c.maxTextLength()).isEqualTo(200);
        assertThat(c.bcryptCost()).isEqualTo(5);
    }

    @Test
    void theConfigFileMayComeFromTheEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.properties");
        Files.writeString(file, "store.url=jdbc:postgresql://db/confab\n");
        assertThat(Config.load(new String[0], Map.of("CONFAB_CONFIG", file.toString()))
                        .storeUrl())
                .isEqualTo("jdbc:postgresql://db/confab");
    }

    @Test
    void unknownSettingsAndMalformedFlagsAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Config.load(new String[] {"--http.prot=1"}, Map.of()))
                .hasMessageContaining("unknown setting: http.prot");
        assertThatThrownBy(() -> Config.load(new String[] {"port=1"}, Map.of())).hasMessageContaining("--key=value");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "nope=1\n");
        assertThatThrownBy(() -> Config.load(new String[] {"--config=" + file}, Map.of()))
                .hasMessageContaining("unknown setting");
    }

    @Test
    void environmentNamesFollowTheSettingNames() {
        assertThat(Config.envName("socket.sendQueueFrames")).isEqualTo("CONFAB_SOCKET_SEND_QUEUE_FRAMES");
        assertThat(Config.envName("http.port")).isEqualTo("CONFAB_HTTP_PORT");
    }

    @Test
    void anS3EndpointPutsMediaInItsBucketAndTheSecretStaysOutOfMessages() {
        assertThat(Config.load(new String[0], Map.of()).mediaS3())
                .as("media.dir by default")
                .isNull();
        Config c = Config.load(
                new String[] {"--media.s3.endpoint=http://127.0.0.1:9000", "--media.s3.bucket=chat-media"},
                Map.of("CONFAB_MEDIA_S3_ACCESS_KEY", "AKID", "CONFAB_MEDIA_S3_SECRET_KEY", "s3cr3t-value"));
        assertThat(c.mediaS3().endpoint()).hasToString("http://127.0.0.1:9000");
        assertThat(c.mediaS3().bucket()).isEqualTo("chat-media");
        assertThat(c.mediaS3().region()).isEqualTo("us-east-1");
        assertThat(c.mediaS3().accessKey()).isEqualTo("AKID");
        assertThat(c.mediaS3().secretKey()).isEqualTo("s3cr3t-value");
        assertThat(c.mediaS3().timeout()).hasSeconds(30);
        assertThat(c.mediaS3().toString()).contains("chat-media").doesNotContain("s3cr3t-value");
        assertThat(c.toString()).doesNotContain("s3cr3t-value");
        assertThatThrownBy(() -> Config.load(new String[] {"--media.s3.endpoint=127.0.0.1:9000"}, Map.of()))
                .hasMessageContaining("media.s3.endpoint");
    }
}
