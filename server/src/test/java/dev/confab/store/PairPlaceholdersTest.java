package dev.confab.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PairPlaceholdersTest {
    @Test
    void namesEachPairsPlaceholdersByItsIndex() {
        assertThat(PairPlaceholders.of(1, "r", "u")).isEqualTo("(:r0, :u0)");
        assertThat(PairPlaceholders.of(3, "s", "c")).isEqualTo("(:s0, :c0), (:s1, :c1), (:s2, :c2)");
    }
}
