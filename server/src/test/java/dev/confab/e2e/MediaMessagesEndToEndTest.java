package dev.confab.e2e;

import static dev.confab.testing.SocketRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.BinaryResponse;
import dev.confab.client.ChatSocket;
import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.client.MediaInfo;
import dev.confab.client.Message;
import dev.confab.client.Room;
import dev.confab.client.SendResult;
import dev.confab.testing.SocketRecorder;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestImages;
import dev.confab.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Image, video, audio and file messages: sending, live and in sync, and who may download what they show (issue 9). */
@ParameterizedClass
@EnumSource(StoreKind.class)
class MediaMessagesEndToEndTest {
    @Parameter
    StoreKind kind;

    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private static void refused(Executable call, int status, String code) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.status()).isEqualTo(status);
        });
    }

    private static String body(BinaryResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private static List<Message> synced(ConfabClient c) {
        List<Message> out = new ArrayList<>();
        for (var batch = c.sync(0, 500); ; batch = c.sync(batch.next(), 500)) {
            batch.events().stream().filter(e -> e.message() != null).forEach(e -> out.add(e.message()));
            if (!batch.more()) return out;
        }
    }

    @Test
    void eachKindIsSentWithItsDataLiveAndInSync() throws Exception {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.createGroup("trip", null, List.of(bob.user().id()));
        MediaInfo photo = alice.uploadMedia(TestImages.jpeg(800, 600), "beach.jpg");
        byte[] clip = MediaEndToEndTest.mp4(4000);
        MediaInfo video = alice.uploadMedia(
                () -> new ByteArrayInputStream(clip), clip.length, "clip.mp4", 1280, 720, 9000L, photo.id());
        byte[] ogg = "OggS\0\u0002voice note".getBytes(StandardCharsets.ISO_8859_1);
        MediaInfo voice =
                alice.uploadMedia(() -> new ByteArrayInputStream(ogg), ogg.length, "note.ogg", null, null, 2500L, null);
        MediaInfo doc = alice.uploadMedia("%PDF-1.7 itinerary".getBytes(StandardCharsets.ISO_8859_1), "itinerary.pdf");

        SocketRecorder bobs = new SocketRecorder();
        try (ChatSocket bobSocket = bob.connect(bobs);
                ChatSocket aliceSocket = alice.connect(new SocketRecorder())) {
            bobSocket.hello().get(5, TimeUnit.SECONDS);
            aliceSocket.hello().get(5, TimeUnit.SECONDS);
            SendResult sent = aliceSocket
                    .sendMedia(
                            room.id(), "m-1", photo.id(), "look @" + bob.user().username())
                    .get(10, TimeUnit.SECONDS);
            Message m = sent.message();
            assertThat(m.kind()).isEqualTo("image");
            assertThat(m.text()).isEqualTo("look @" + bob.user().username());
            assertThat(m.media())
                    .isEqualTo(new MediaInfo(
                            photo.id(),
                            "image",
                            "image/jpeg",
                            photo.size(),
                            "beach.jpg",
                            800,
                            600,
                            null,
                            photo.placeholder(),
                            photo.url(),
                            photo.thumbnailUrl(),
                            null));
            assertThat(m.data().get("mentions").get(0).asLong())
                    .isEqualTo(bob.user().id());

            assertThat(alice.postMedia(room.id(), "m-2", video.id(), null)
                            .message()
                            .kind())
                    .isEqualTo("video");
            assertThat(alice.postMedia(room.id(), "m-3", voice.id(), "listen")
                            .message()
                            .kind())
                    .isEqualTo("audio");
            assertThat(alice.postMedia(room.id(), "m-4", doc.id(), "").message().kind())
                    .isEqualTo("file");

            assertThat(await(Duration.ofSeconds(10), () -> bobs.messages.size() >= 4))
                    .isTrue();
            Message live = bobs.messages.getFirst();
            assertThat(live.media()).isEqualTo(m.media());
            assertThat(bobs.messages).extracting(Message::kind).containsExactly("image", "video", "audio", "file");
            Message liveVideo = bobs.messages.get(1);
            assertThat(liveVideo.media().width()).isEqualTo(1280);
            assertThat(liveVideo.media().durationMs()).isEqualTo(9000L);
            assertThat(liveVideo.media().thumbnailUrl()).isNotNull();
            assertThat(liveVideo.text()).isNull();
            assertThat(bobs.messages.get(3).text())
                    .as("a blank caption is none")
                    .isNull();
        }
        List<Message> history = bob.history(room.id(), null, null, 50).messages();
        List<Message> mediaInHistory =
                history.stream().filter(x -> x.media() != null).toList();
        assertThat(mediaInHistory)
                .extracting(x -> x.media().id())
                .containsExactly(photo.id(), video.id(), voice.id(), doc.id());
        assertThat(synced(bob).stream()
                        .filter(x -> x.media() != null)
                        .map(Message::media)
                        .toList())
                .isEqualTo(mediaInHistory.stream().map(Message::media).toList());

        for (MediaInfo each : List.of(photo, video, voice, doc)) {
            assertThat(bob.media(each.id(), false).status())
                    .as("a reader of the room downloads " + each.kind())
                    .isEqualTo(200);
        }
        assertThat(bob.media(photo.id(), true).header("Content-Type")).isEqualTo("image/jpeg");
        assertThat(bob.media(video.id(), false).body()).isEqualTo(clip);

        SendResult again = alice.postMedia(
                room.id(), "m-1", photo.id(), "look @" + bob.user().username());
        assertThat(again.duplicate()).isTrue();
        refused(() -> alice.postMedia(room.id(), "m-1", video.id(), null), 409, "client_id_conflict");
    }

    @Test
    void onlyTheUploaderAttachesAndOnlyMembersMaySend() {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient eve = server.newUser("Eve");
        Room room = alice.createGroup("g", null, List.of(bob.user().id()));
        MediaInfo alices = alice.uploadMedia(TestImages.png(10, 10), "private.png");
        refused(() -> bob.postMedia(room.id(), "b-1", alices.id(), null), 404, "media_not_found");
        refused(() -> bob.postMedia(room.id(), "b-2", 987_654, null), 404, "media_not_found");
        MediaInfo eves = eve.uploadMedia(TestImages.png(10, 10), null);
        refused(() -> eve.postMedia(room.id(), "e-1", eves.id(), null), 404, "room_not_found");
        assertThat(bob.media(alices.id(), false).status())
                .as("a refused send grants nothing")
                .isEqualTo(404);
        refused(() -> alice.postMedia(room.id(), "a-1", alices.id(), "x".repeat(4001)), 400, "text_too_long");
        assertThat(bob.history(room.id(), null, null, 50).messages()).noneMatch(m -> m.media() != null);
    }

    @Test
    void onlyReadersOfAMessageWithinTheirMembershipGetItsMedia() {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        ConfabClient member = server.newUser("Member");
        ConfabClient outsider = server.newUser("Outsider");
        ConfabClient late = server.newUser("Late");
        ConfabClient lateToOpen = server.newUser("LateOpen");
        ConfabClient removed = server.newUser("Removed");
        Room fresh = alice.createRoom(
                "fresh",
                "group",
                "private",
                "joined",
                List.of(member.user().id(), removed.user().id()));
        Room open = alice.createRoom("open", "group", "private", "all", List.of());

        MediaInfo before = alice.uploadMedia(TestImages.png(20, 20), "before.png");
        alice.postMedia(fresh.id(), "f-1", before.id(), null);
        MediaInfo openPic = alice.uploadMedia(TestImages.gif(20, 20), "open.gif");
        alice.postMedia(open.id(), "o-1", openPic.id(), null);
        alice.addMembers(fresh.id(), List.of(late.user().id()));
        alice.addMembers(open.id(), List.of(lateToOpen.user().id()));
        alice.removeMember(fresh.id(), removed.user().id());
        MediaInfo after = alice.uploadMedia(TestImages.jpeg(20, 20), "after.jpg");
        alice.postMedia(fresh.id(), "f-2", after.id(), null);

        String missing = body(outsider.media(999_999, false));
        assertThat(missing).contains("media_not_found");
        // a member who was there: both
        assertThat(member.media(before.id(), false).status()).isEqualTo(200);
        assertThat(member.media(after.id(), true).status()).isEqualTo(200);
        // never a member: exactly the answer for a missing id
        for (long id : new long[] {before.id(), after.id(), openPic.id()}) {
            BinaryResponse r = outsider.media(id, false);
            assertThat(r.status()).isEqualTo(404);
            assertThat(body(r)).isEqualTo(missing);
            assertThat(outsider.media(id, true).status()).isEqualTo(404);
        }
        // joined after the message, history "joined": not what came before
        assertThat(late.media(before.id(), false).status()).isEqualTo(404);
        assertThat(body(late.media(before.id(), false))).isEqualTo(missing);
        assertThat(late.media(before.id(), true).status()).isEqualTo(404);
        assertThat(late.media(after.id(), false).status()).isEqualTo(200);
        // joined after the message, history "all": everything
        assertThat(lateToOpen.media(openPic.id(), false).status()).isEqualTo(200);
        // removed: what they could read before the removal, nothing after it
        assertThat(removed.media(before.id(), false).status()).isEqualTo(200);
        assertThat(removed.media(after.id(), false).status()).isEqualTo(404);
        assertThat(body(removed.media(after.id(), false))).isEqualTo(missing);
    }

    @Test
    void aDeletedMessageTakesItsMediaWithItAndAttachedMediaIsNotSwept() throws Exception {
        server = TestServer.start(kind, Map.of("media.unattachedSeconds", "1"));
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        Room room = alice.createGroup("g", null, List.of(bob.user().id()));
        MediaInfo kept = alice.uploadMedia(TestImages.png(16, 16), "kept.png");
        MediaInfo gone = alice.uploadMedia(TestImages.jpeg(16, 16), "gone.jpg");
        alice.postMedia(room.id(), "k", kept.id(), null);
        long seq = alice.postMedia(room.id(), "g", gone.id(), null).message().seq();
        assertThat(bob.media(gone.id(), false).status()).isEqualTo(200);
        alice.deleteMessage(room.id(), seq);
        assertThat(bob.media(gone.id(), false).status())
                .as("a deleted message shows nothing")
                .isEqualTo(404);
        refused(() -> alice.deleteMedia(kept.id()), 404, "media_not_found");

        Thread.sleep(1100); // past the configured time for unattached uploads
        server.server().sweepMedia();
        assertThat(bob.media(kept.id(), false).status()).as("attached: kept").isEqualTo(200);
        assertThat(alice.media(gone.id(), false).status())
                .as("only a deleted message showed it: swept")
                .isEqualTo(404);
    }

    /** Issue 10's actions on an issue 9 message: forwarded by reference, caption edited, quoted as "[image] caption", caption searched. */
    @Test
    void mediaMessagesAreForwardedByReferenceEditedQuotedAndSearched() {
        server = TestServer.start(kind);
        ConfabClient alice = server.newUser("Alice");
        ConfabClient bob = server.newUser("Bob");
        ConfabClient carol = server.newUser("Carol");
        Room trip = alice.createGroup("trip", null, List.of(bob.user().id()));
        Room family = alice.createGroup("family", null, List.of(carol.user().id()));
        MediaInfo photo = alice.uploadMedia(TestImages.png(40, 30), "bay.png");
        Message m = alice.postMedia(trip.id(), "m-1", photo.id(), "sunset over the bay")
                .message();
        assertThat(carol.media(photo.id(), false).status())
                .as("not in the room that shows it")
                .isEqualTo(404);

        Message copy = alice.forward(family.id(), "f-1", trip.id(), m.seq()).message();
        assertThat(copy.kind()).isEqualTo("image");
        assertThat(copy.text()).isEqualTo("sunset over the bay");
        assertThat(copy.media().id())
                .as("the same upload, not a copy of the blob")
                .isEqualTo(photo.id());
        assertThat(copy.data().get("forwarded").get("senderId").asLong())
                .isEqualTo(alice.user().id());
        assertThat(carol.media(photo.id(), false).status())
                .as("the forward lets its room read the upload")
                .isEqualTo(200);
        assertThat(alice.forward(family.id(), "f-1", trip.id(), m.seq()).duplicate())
                .as("a resent forward")
                .isTrue();

        Message reply = bob.reply(trip.id(), "r-1", "nice", m.seq()).message();
        assertThat(reply.data().get("replyTo").get("preview").asText()).isEqualTo("[image] sunset over the bay");
        assertThat(reply.data().get("replyTo").has("deleted")
                        && reply.data().get("replyTo").get("deleted").asBoolean())
                .isFalse();

        Message edited = alice.editMessage(trip.id(), m.seq(), "sunrise, in fact");
        assertThat(edited.kind()).isEqualTo("image");
        assertThat(edited.text()).isEqualTo("sunrise, in fact");
        assertThat(edited.media().id()).isEqualTo(photo.id());
        assertThat(edited.editedAt()).isNotNull();
        Message quoted = bob.history(trip.id(), null, null, 50).messages().stream()
                .filter(x -> x.id() == reply.id())
                .findFirst()
                .orElseThrow();
        assertThat(quoted.data().get("replyTo").get("preview").asText()).isEqualTo("[image] sunrise, in fact");

        assertThat(bob.search("sunrise", trip.id(), null, null, 20, null).hits())
                .extracting(h -> h.message().id())
                .containsExactly(m.id());
    }
}
