package dev.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.fanout.Envelope;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {
    @Test
    void envelopesCrossTheWireUnchangedWithTheFrameVerbatim() {
        String frame = "{\"type\":\"message\",\"text\":\"two\\nlines and spaces\"}";
        for (Envelope e : new Envelope[] {
            Envelope.roomEvent(7, 42, frame, 0, true, new long[] {3, 9}),
            Envelope.receipt(7, 43, 5, frame, 0),
            Envelope.roomSignal(7, 5, frame, 0),
            Envelope.toUsers(new long[] {1, 2, 3}, frame, 0),
            Envelope.closeSession(99)
        }) {
            EnvelopeCodec.Decoded d = EnvelopeCodec.decode(EnvelopeCodec.encode(123, e));
            assertThat(d.origin()).isEqualTo(123);
            assertThat(d.ping()).isFalse();
            assertThat(d.envelope()).usingRecursiveComparison().isEqualTo(e);
        }
        assertThat(EnvelopeCodec.decode(EnvelopeCodec.ping(5)).ping()).isTrue();
    }

    @Test
    void theOriginsSocketToSkipStaysOnTheOrigin() {
        Envelope e = Envelope.roomEvent(7, 42, "{}", 17, false, new long[0]);
        assertThat(e.forOtherNodes().excludeConnection()).isZero();
        assertThat(e.forOtherNodes().pos()).isEqualTo(42);
    }
}
