package dev.confab.web;

import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The web client's protocol module (web/src/protocol) and unit tests, run by Vitest against this real server, on each store. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class WebProtocolTest extends ServerPerStore {
    @Test
    void protocolModuleAndUnitTestsPass() throws Exception {
        NodeTests.run(
                "vitest-" + kind.name().toLowerCase(), server.base(), java.time.Duration.ofMinutes(8), "test:maven");
    }
}
