package dev.confab.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantSerializerTest {
    @Test
    void writesWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            // years 0000 to 9999, whole milliseconds, a sixth of them on a whole second
            long ms = random.nextLong(-62_167_219_200_000L, 253_402_300_800_000L);
            if (i % 6 == 0) ms -= Math.floorMod(ms, 1000);
            Instant t = Instant.ofEpochMilli(ms);
            assertThat(InstantSerializer.format(t)).as("%d ms", ms).isEqualTo(t.toString());
        }
        for (String s : new String[] {
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2000-02-29T12:00:00.001Z",
            "2026-12-07T16:00:00.617Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "-0001-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "2026-12-07T16:00:00.000001Z",
            "2026-12-07T16:00:00.123456789Z"
        }) {
            Instant t = Instant.parse(s);
            assertThat(InstantSerializer.format(t)).isEqualTo(t.toString());
        }
    }

    @Test
    void theMapperUsesIt() {
        Instant t = Instant.parse("2026-12-07T16:00:00.617Z");
        assertThat(Json.write(java.util.Map.of("at", t))).isEqualTo("{\"at\":\"2026-12-07T16:00:00.617Z\"}");
    }
}
