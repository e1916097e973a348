package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.confab.client.ConfabClient;
import dev.confab.client.Room;
import dev.confab.http.ErrorResponses;
import dev.confab.testing.RawHttp;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** A client that hangs up in the middle of its request body is normal: debug, not ERROR with a stack trace. */
@ParameterizedClass
@EnumSource(StoreKind.class)
class DisconnectLoggingEndToEndTest extends ServerPerStore {
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    private final Logger errors = (Logger) LoggerFactory.getLogger(ErrorResponses.class);
    private Level before;

    @BeforeEach
    void capture() {
        before = errors.getLevel();
        errors.setLevel(Level.DEBUG);
        events.start();
        root.addAppender(events);
    }

    @AfterEach
    void release() {
        root.detachAppender(events);
        errors.setLevel(before);
    }

    @Test
    void clientsDroppingMidBodyAreLoggedAtDebugNotError() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        Room room = alice.createGroup("g", null, List.of());
        List<String> routes = List.of(
                "PATCH /api/v1/me",
                "PUT /api/v1/me/avatar",
                "POST /api/v1/rooms/" + room.id() + "/messages",
                "POST /api/v1/auth/login");
        int drops = 0;
        for (int round = 0; round < 5; round++) {
            for (String route : routes) {
                try (RawHttp http = new RawHttp(server.base())) {
                    http.write(route + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + alice.token()
                            + "\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{\"text\":\"half");
                }
                drops++;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (handled() < drops && System.nanoTime() < deadline) Thread.sleep(20);
        List<ILoggingEvent> seen = snapshot();
        assertThat(seen)
                .filteredOn(e -> e.getLevel() == Level.ERROR)
                .as("ERROR lines")
                .isEmpty();
        assertThat(handled()).as("dropped requests seen by the server").isEqualTo(drops);
        // the server still answers normally afterwards
        assertThat(alice.raw("GET", "/api/v1/me", null).status()).isEqualTo(200);
    }

    private long handled() {
        return snapshot().stream()
                .filter(e -> e.getLevel() == Level.ERROR
                        || e.getLevel() == Level.DEBUG
                                && e.getFormattedMessage().startsWith("client went away"))
                .count();
    }

    private List<ILoggingEvent> snapshot() {
        synchronized (events) {
            return List.copyOf(events.list);
        }
    }
}
