package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ConfabClient;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** What /metrics shows about the server's resources, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MetricsEndToEndTest {
    @Parameter
    StoreKind kind;

    @Test
    void metricsShowBothConnectionPoolsAndTheOpenFileDescriptors() {
        try (TestServer server = TestServer.start(kind)) {
            String metrics = ConfabClient.withToken(server.base(), null)
                    .raw("GET", "/metrics", null)
                    .body();
            for (String pool : new String[] {"confab-write", "confab-read"}) {
                assertThat(metrics)
                        .containsPattern("hikaricp_connections_active\\{pool=\"" + pool + "\"} \\d")
                        .containsPattern("hikaricp_connections_max\\{pool=\"" + pool + "\"} [1-9]")
                        .contains("hikaricp_connections_pending{pool=\"" + pool + "\"}")
                        .contains("hikaricp_connections_timeout_total{pool=\"" + pool + "\"}");
            }
            assertThat(metrics)
                    .containsPattern("(?m)^process_files_open_files [1-9]")
                    .containsPattern("(?m)^process_files_max_files [1-9]");
        }
    }
}
