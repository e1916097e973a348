package dev.confab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure checks of the hot-path frame scanning and the result tables; no timing, no server. */
class FormattingTest {
    @Test
    void scansFieldsOfServerFrames() {
        String frame =
                "{\"type\":\"message\",\"message\":{\"id\":12,\"roomId\":3,\"seq\":4,\"senderId\":7,\"clientId\":\"b9\","
                        + "\"kind\":\"text\",\"text\":\"t123456789\",\"createdAt\":\"2026-11-24T10:00:00Z\"}}";
        assertThat(Scan.isType(frame, Scan.typePrefix("message"))).isTrue();
        assertThat(Scan.isType(frame, Scan.typePrefix("sent"))).isFalse();
        assertThat(Scan.longAfter(frame, "\"text\":\"t", 0)).isEqualTo(123456789L);
        assertThat(Scan.longAfter(frame, "\"absent\":", 0)).isEqualTo(-1);
        assertThat(Scan.lastLong("{\"type\":\"hello\",\"user\":{\"id\":7},\"sessionId\":2,\"pos\":1093}", "\"pos\":"))
                .isEqualTo(1093);
        assertThat(Scan.count("{\"seq\":1},{\"seq\":2},{\"seq\":3}", "\"seq\":"))
                .isEqualTo(3);
    }

    @Test
    void formatsMarkdownTables() {
        String t = Results.table(List.of("a", "b"), List.of(List.of(1234567L, 3.14159), List.of("x", 1234.5)));
        assertThat(t).isEqualTo("| a | b |\n|---|---|\n| 1,234,567 | 3.14 |\n| x | 1,235 |\n");
        assertThat(Results.cell(Double.NaN)).isEqualTo("–");
        assertThat(Chart.niceCeil(104_545)).isEqualTo(120_000);
    }
}
