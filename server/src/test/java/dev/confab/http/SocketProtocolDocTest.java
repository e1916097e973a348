package dev.confab.http;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.Room;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the socket half of docs/protocol.md honest: every client frame type it lists is one the
 * server understands, and every frame type the server sent during a session that uses them all
 * is listed among the server's frames. The frames do not depend on the store, so SQLite serves.
 */
class SocketProtocolDocTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z]+)` \\|");

    /** The types in the table under {@code heading}, in order. */
    private static Set<String> typesUnder(List<String> lines, String heading) {
        Set<String> types = new LinkedHashSet<>();
        int i = lines.indexOf(heading);
        assertThat(i).as(heading).isNotNegative();
        for (i++; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            Matcher m = ROW.matcher(lines.get(i));
            if (m.find()) types.add(m.group(1));
        }
        return types;
    }

    @Test
    void theDocumentedFramesAreTheOnesTheServerSpeaks() throws Exception {
        List<String> doc = Files.readAllLines(Path.of("..", "docs", "protocol.md"));
        Set<String> clientTypes = typesUnder(doc, "### Client to server");
        Set<String> serverTypes = typesUnder(doc, "### Server to client");
        assertThat(clientTypes).contains("send", "typing");

        try (TestServer server = TestServer.start(StoreKind.SQLITE)) {
            ConfabClient alice = server.newUser("Alice");
            ConfabClient bob = server.newUser("Bob");
            Room room = alice.directRoom(bob.user().id());
            SocketRecorder aliceIn = new SocketRecorder(), bobIn = new SocketRecorder();
            try (ChatSocket b = bob.connect(bobIn)) {
                b.hello().get(5, TimeUnit.SECONDS);
                try (ChatSocket a = alice.connect(aliceIn)) {
                    a.hello().get(5, TimeUnit.SECONDS);
                    // every documented client frame, with the fields it needs; none may be unknown to the server
                    for (String type : clientTypes) {
                        String frame = switch (type) {
                            case "send" ->
                                "{\"type\":\"send\",\"ref\":\"send\",\"roomId\":%d,\"clientId\":\"d-1\",\"text\":\"hi\"}";
                            case "received" -> "{\"type\":\"received\",\"ref\":\"received\",\"roomId\":%d,\"seq\":1}";
                            case "read" -> "{\"type\":\"read\",\"ref\":\"read\",\"roomId\":%d,\"seq\":1}";
                            case "sync" -> "{\"type\":\"sync\",\"ref\":\"sync\",\"since\":0}";
                            case "history" -> "{\"type\":\"history\",\"ref\":\"history\",\"roomId\":%d}";
                            case "typing" -> "{\"type\":\"typing\",\"ref\":\"typing\",\"roomId\":%d,\"active\":true}";
                            // seq 2 is the message "send" posted (seq 1 is room.created)
                            case "edit" ->
                                "{\"type\":\"edit\",\"ref\":\"edit\",\"roomId\":%d,\"seq\":2,\"text\":\"hi, edited\"}";
                            case "react" ->
                                "{\"type\":\"react\",\"ref\":\"react\",\"roomId\":%d,\"seq\":2,\"emoji\":\"👍\"}";
                            default -> "{\"type\":\"" + type + "\",\"ref\":\"" + type + "\"}";
                        };
                        a.sendRaw(String.format(frame, room.id()));
                        if (type.equals("received")) continue; // answered only when it fails
                        JsonNode reply = aliceIn.reply(type);
                        assertThat(reply).as("a reply to " + type).isNotNull();
                        assertThat(reply.path("code").asText()).as(type).isNotEqualTo("bad_frame");
                    }
                    a.sendRaw("{\"type\":\"not-a-frame\",\"ref\":\"x\"}");
                    assertThat(aliceIn.reply("x").path("code").asText()).isEqualTo("bad_frame");
                    assertThat(await(
                                    Duration.ofSeconds(5),
                                    () -> !bobIn.messages.isEmpty()
                                            && !bobIn.typing.isEmpty()
                                            && !bobIn.edits.isEmpty()
                                            && !bobIn.reactions.isEmpty()))
                            .isTrue();
                    b.read(room.id(), bobIn.messages.getLast().seq()).get(5, TimeUnit.SECONDS);
                    assertThat(await(Duration.ofSeconds(5), () -> !aliceIn.receipts.isEmpty()))
                            .isTrue();
                }
                assertThat(await(Duration.ofSeconds(5), () -> !bobIn.presence.isEmpty()))
                        .isTrue();
            }
            Set<String> seen = new TreeSet<>();
            for (SocketRecorder in : List.of(aliceIn, bobIn))
                in.frames.forEach(f -> seen.add(f.path("type").asText()));
            assertThat(seen)
                    .contains(
                            "hello",
                            "sent",
                            "message",
                            "receipt",
                            "cursor",
                            "sync",
                            "history",
                            "pong",
                            "ok",
                            "typing",
                            "presence",
                            "error",
                            "edited",
                            "reacted",
                            "edit",
                            "reaction");
            assertThat(serverTypes).containsAll(seen);
        }
    }
}
