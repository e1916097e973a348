package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.testing.ChildServer;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The server runs in its own JVM and is killed with SIGKILL while two people are sending: no
 * shutdown hook, no drain. Every message that was acknowledged before the kill must be there
 * after a restart, once, with the room's seqs still gapless.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class CrashEndToEndTest {
    @Parameter
    StoreKind kind;

    @Test
    void everyAcknowledgedMessageSurvivesAKill9() throws Exception {
        try (StoreKind.TestStore store = kind.create()) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            URI base = URI.create("http://127.0.0.1:" + port);
            Process server = ChildServer.start(List.of(), settings(store, port));
            Set<Long> acked = new HashSet<>();
            Room room;
            ConfabClient alice;
            try {
                ChildServer.awaitReady(base);
                alice = ConfabClient.signup(base, "alice", "password-alice", "Alice", "phone");
                ConfabClient bob = ConfabClient.signup(base, "bob", "password-bob", "Bob", "phone");
                room = alice.directRoom(bob.user().id());
                List<CompletableFuture<SendResult>> sends = new ArrayList<>();
                try (ChatSocket a = alice.connect(new SocketRecorder());
                        ChatSocket b = bob.connect(new SocketRecorder())) {
                    a.hello().get(5, TimeUnit.SECONDS);
                    b.hello().get(5, TimeUnit.SECONDS);
                    for (int i = 0; i < 400; i++) {
                        sends.add((i % 2 == 0 ? a : b).send(room.id(), "m-" + i, "message " + i));
                        if (i == 199) {
                            // the first 200 are acknowledged (each socket's last one implies its earlier ones);
                            // the kill then comes with the next 200 in flight
                            sends.get(198).get(10, TimeUnit.SECONDS);
                            sends.get(199).get(10, TimeUnit.SECONDS);
                        }
                    }
                    server.destroyForcibly(); // SIGKILL on Linux
                    server.waitFor(10, TimeUnit.SECONDS);
                    for (var f : sends) {
                        try {
                            acked.add(f.get(10, TimeUnit.SECONDS).message().id());
                        } catch (Exception lost) {
                            // never acknowledged: the sender would resend it
                        }
                    }
                }
            } finally {
                server.destroyForcibly();
            }
            assertThat(acked)
                    .as("some messages were acknowledged before the kill")
                    .hasSizeGreaterThanOrEqualTo(200);

            Process again = ChildServer.start(List.of(), settings(store, port));
            try {
                ChildServer.awaitReady(base);
                ConfabClient reader = ConfabClient.login(base, "alice", "password-alice", "laptop");
                List<Message> stored = new ArrayList<>();
                for (Long after = 0L; ; ) {
                    var page = reader.history(room.id(), null, after, 100);
                    stored.addAll(page.messages());
                    if (!page.more()) break;
                    after = page.messages().getLast().seq();
                }
                assertThat(stored).extracting(Message::id).containsAll(acked).doesNotHaveDuplicates();
                for (int i = 0; i < stored.size(); i++)
                    assertThat(stored.get(i).seq()).isEqualTo(i + 1);
            } finally {
                again.destroy();
                again.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Map<String, String> settings(StoreKind.TestStore store, int port) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("http.host", "127.0.0.1");
        s.put("http.port", String.valueOf(port));
        s.put("store.url", store.url());
        s.put("store.user", store.user());
        s.put("auth.bcryptCost", "4");
        s.put("rate.send", "100000/1s");
        return s;
    }
}
