package dev.confab.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * A fresh real server for every test, on the store the class is parameterized with. Subclasses
 * are annotated {@code @ParameterizedClass @EnumSource(StoreKind.class)} so each runs on both.
 */
public abstract class ServerPerStore {
    @Parameter
    protected StoreKind kind;

    protected TestServer server;

    @BeforeEach
    void startServer() {
        server = TestServer.start(kind);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
