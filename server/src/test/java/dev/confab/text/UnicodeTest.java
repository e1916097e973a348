package dev.confab.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnicodeTest {
    @Test
    void aPairedSurrogateIsWellFormedAndALoneOneAnywhereIsNot() {
        assertThat(Unicode.hasLoneSurrogate("")).isFalse();
        assertThat(Unicode.hasLoneSurrogate("plain ascii")).isFalse();
        assertThat(Unicode.hasLoneSurrogate("emoji \uD83D\uDE00 and \uD83D\uDC4D\uD83C\uDFFD"))
                .isFalse();
        assertThat(Unicode.hasLoneSurrogate("\uD83D")).isTrue(); // high at the end
        assertThat(Unicode.hasLoneSurrogate("\uDE00x")).isTrue(); // low first
        assertThat(Unicode.hasLoneSurrogate("a\uD83Db")).isTrue(); // high followed by no low
        assertThat(Unicode.hasLoneSurrogate("\uD83D\uDE00\uDE00")).isTrue(); // a pair, then a stray low
    }
}
