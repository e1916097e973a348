package dev.confab.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void oneRangeInEachForm() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 100));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange(900, 100));
        assertThat(ByteRange.parse("bytes=-10", 1000)).isEqualTo(new ByteRange(990, 10));
        assertThat(ByteRange.parse("bytes=-5000", 1000))
                .as("a suffix longer than the file is the file")
                .isEqualTo(new ByteRange(0, 1000));
        assertThat(ByteRange.parse("bytes=990-5000", 1000))
                .as("an end past the file stops at it")
                .isEqualTo(new ByteRange(990, 10));
        assertThat(ByteRange.parse("bytes=5-5", 1000).end()).isEqualTo(5);
    }

    @Test
    void whatIsNotOneServableRangeMeansTheWholeFile() {
        assertThat(ByteRange.parse(null, 1000)).isNull();
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isNull();
        assertThat(ByteRange.parse("items=0-1", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=-", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=9-3", 1000)).isNull();
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 1000)).isNull();
    }

    @Test
    void aRangeOutsideTheFileIsRefused() {
        for (String h : new String[] {"bytes=1000-", "bytes=2000-3000", "bytes=-0"}) {
            assertThatThrownBy(() -> ByteRange.parse(h, 1000))
                    .as(h)
                    .isInstanceOfSatisfying(
                            ConfabException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RANGE_NOT_SATISFIABLE));
        }
    }

    @Test
    void fileNamesFollowRfc6266() {
        assertThat(MediaRoutes.disposition("attachment", null)).isEqualTo("attachment");
        assertThat(MediaRoutes.disposition("inline", "cat.png"))
                .isEqualTo("inline; filename=\"cat.png\"; filename*=UTF-8''cat.png");
        assertThat(MediaRoutes.disposition("attachment", "naïve \"plan\"; v2*.txt"))
                .isEqualTo(
                        "attachment; filename=\"na_ve _plan_; v2*.txt\"; filename*=UTF-8''na%C3%AFve%20%22plan%22%3B%20v2%2A.txt");
    }
}
