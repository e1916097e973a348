package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** When the store counts as down: a pool that cannot open connections, not one whose connections are all busy. */
class StoreOutageTest {
    private final StoreOutage outage = new StoreOutage(Duration.ofMillis(100));

    private HikariDataSource pool(String url) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setMaximumPoolSize(1);
        hc.setConnectionTimeout(250);
        hc.setInitializationFailTimeout(-1); // start even when nothing answers
        hc.setExceptionOverride(outage);
        return new HikariDataSource(hc);
    }

    @Test
    void aPoolWhoseConnectionsAreAllBusyIsNotAStoreThatIsDown() throws Exception {
        Path file = Files.createTempDirectory("outage").resolve("busy.db");
        try (HikariDataSource pool = pool("jdbc:sqlite:" + file)) {
            DataSource guarded = outage.guard(pool);
            try (Connection held = guarded.getConnection()) {
                assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLException.class);
                assertThat(outage.down()).as("a busy pool").isFalse();
            }
            try (Connection next = guarded.getConnection()) {
                assertThat(next.isValid(1)).isTrue();
            }
        } finally {
            outage.close();
        }
    }

    @Test
    void aPoolThatCannotOpenAConnectionMeansTheStoreIsDown() throws Exception {
        int nobody;
        try (ServerSocket s = new ServerSocket(0)) {
            nobody = s.getLocalPort();
        }
        try (HikariDataSource pool = pool("jdbc:postgresql://127.0.0.1:" + nobody + "/none?connectTimeout=1")) {
            DataSource guarded = outage.guard(pool);
            assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLException.class);
            assertThat(outage.down()).isTrue();
            assertThatThrownBy(guarded::getConnection)
                    .as("refused at once while down")
                    .hasMessageContaining("the store is down");
        } finally {
            outage.close();
        }
    }
}
