package dev.confab.cluster;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.testing.Nginx;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.TestCluster;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two nodes behind nginx with the harness's own configuration (deploy/nginx-cluster.conf.template):
 * round robin, no sticky sessions. Devices land on both nodes through one address and chat live.
 */
class NginxClusterEndToEndTest {
    @Test
    void devicesSpreadRoundRobinOverTwoNodesChatLiveThroughNginx() throws Exception {
        assumeTrue(Files.isExecutable(Nginx.BINARY), "nginx is not installed");
        try (TestCluster cluster = new TestCluster(2);
                Nginx nginx = new Nginx(
                        List.of(cluster.node(0).port(), cluster.node(1).port()))) {
            URI front = nginx.front();
            List<ConfabClient> people = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "n" + i + "x" + System.nanoTime();
                people.add(ConfabClient.signup(front, name, "password-" + name, "P" + i, "phone"));
            }
            Room room = people.getFirst()
                    .createGroup(
                            "through nginx",
                            null,
                            people.subList(1, people.size()).stream()
                                    .map(p -> p.user().id())
                                    .toList());
            List<SocketRecorder> inboxes = new ArrayList<>();
            List<ChatSocket> sockets = new ArrayList<>();
            try {
                for (ConfabClient p : people) {
                    SocketRecorder in = new SocketRecorder();
                    ChatSocket s = p.connect(in);
                    s.hello().get(10, TimeUnit.SECONDS);
                    inboxes.add(in);
                    sockets.add(s);
                }
                long[] perNode = {connections(cluster.base(0)), connections(cluster.base(1))};
                assertThat(perNode[0] + perNode[1]).isEqualTo(4);
                assertThat(perNode[0]).as("round robin put sockets on node 0").isPositive();
                assertThat(perNode[1]).as("round robin put sockets on node 1").isPositive();
                for (int i = 0; i < sockets.size(); i++) {
                    SendResult sent =
                            sockets.get(i).send(room.id(), "c" + i, "from " + i).get(10, TimeUnit.SECONDS);
                    for (int j = 0; j < inboxes.size(); j++) {
                        if (j == i) continue;
                        SocketRecorder in = inboxes.get(j);
                        assertThat(await(
                                        Duration.ofSeconds(30),
                                        () -> in.texts().stream()
                                                .anyMatch(m ->
                                                        m.id() == sent.message().id())))
                                .as("device %d got message %d live", j, i)
                                .isTrue();
                    }
                }
                for (SocketRecorder in : inboxes) assertThat(in.texts()).hasSize(3); // the three others', once each
            } finally {
                sockets.forEach(ChatSocket::close);
            }
        }
    }

    private static long connections(URI node) {
        for (String line : ConfabClient.withToken(node, null)
                .raw("GET", "/metrics", null)
                .body()
                .split("\n")) {
            if (line.startsWith("confab_connections "))
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
        }
        throw new AssertionError("no confab_connections gauge");
    }
}
