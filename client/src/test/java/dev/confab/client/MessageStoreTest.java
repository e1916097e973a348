package dev.confab.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageStoreTest {
    private static Message msg(long id, long room, long seq) {
        return new Message(id, room, seq, 7, "c" + id, "text", "m" + id, null, null);
    }

    @Test
    void keepsEachIdOnceAndCountsDuplicates() {
        MessageStore store = new MessageStore();
        assertThat(store.addAll(List.of(msg(10, 1, 2), msg(12, 2, 1)))).hasSize(2);
        assertThat(store.addAll(List.of(msg(10, 1, 2), msg(11, 1, 1), msg(12, 2, 1))))
                .containsExactly(msg(11, 1, 1));
        assertThat(store.duplicates()).isEqualTo(2);
        assertThat(store.messages(1)).extracting(Message::seq).containsExactly(1L, 2L);
        assertThat(store.all()).extracting(Message::id).containsExactly(10L, 11L, 12L);
        assertThat(store.messages(99)).isEmpty();
    }

    @Test
    void aDeletionEventTurnsTheKnownMessageIntoATombstone() {
        MessageStore store = new MessageStore();
        store.addAll(List.of(msg(10, 1, 1), msg(11, 1, 2)));
        Message deletion =
                new Message(12, 1, 3, 7, null, "message.deleted", null, Json.parse("{\"seq\":2,\"id\":11}"), null);
        store.addAll(List.of(deletion));
        assertThat(store.messages(1)).extracting(Message::kind).containsExactly("text", "deleted", "message.deleted");
        assertThat(store.messages(1).get(1).text()).isNull();
        assertThat(store.all())
                .filteredOn(m -> m.id() == 11)
                .singleElement()
                .extracting(Message::kind)
                .isEqualTo("deleted");
    }

    @Test
    void receiptsKeepTheLatestByPos() {
        MessageStore store = new MessageStore();
        assertThat(store.apply(new Receipt(1, 9, 5, 4, 100))).isTrue();
        assertThat(store.apply(new Receipt(1, 9, 3, 3, 90))).isFalse();
        assertThat(store.apply(new Receipt(1, 9, 5, 4, 100))).isFalse();
        assertThat(store.receipt(1, 9)).isEqualTo(new Receipt(1, 9, 5, 4, 100));
        assertThat(store.apply(new Receipt(1, 9, 6, 6, 101))).isTrue();
        assertThat(store.receipt(1, 9).read()).isEqualTo(6);
        assertThat(store.receipt(1, 8)).isNull();
    }

    @Test
    void oneAcknowledgementPerRoomForTheHighestSeq() {
        assertThat(MessageStore.highestSeqByRoom(List.of(msg(1, 1, 3), msg(2, 2, 1), msg(3, 1, 5), msg(4, 1, 4))))
                .containsExactly(java.util.Map.entry(1L, 5L), java.util.Map.entry(2L, 1L));
        assertThat(MessageStore.highestSeqByRoom(List.of())).isEmpty();
    }

    @Test
    void awaitWakesOnArrival() throws Exception {
        MessageStore store = new MessageStore();
        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 1; i <= 3; i++) {
                store.addAll(List.of(msg(i, 1, i)));
            }
        });
        assertThat(store.await(() -> store.size(1) >= 3, Duration.ofSeconds(5))).isTrue();
        producer.join();
        assertThat(store.await(() -> store.size() >= 4, Duration.ofMillis(50))).isFalse();
    }
}
