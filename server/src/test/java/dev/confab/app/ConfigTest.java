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
}
