package dev.confab.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireNameTest {
    enum Colour implements WireName {
        RED,
        DARK_BLUE
    }

    @Test
    void aConstantTravelsAsItsLowerCaseNameAndOnlyThatNameFindsIt() {
        assertThat(Colour.DARK_BLUE.wire()).isEqualTo("dark_blue");
        assertThat(WireName.find(Colour.class, "dark_blue")).isEqualTo(Colour.DARK_BLUE);
        assertThat(WireName.find(Colour.class, "DARK_BLUE")).isNull();
        assertThat(WireName.find(Colour.class, "green")).isNull();
        assertThat(WireName.find(Colour.class, null)).isNull();
        assertThat(WireName.parse(Colour.class, "red")).isEqualTo(Colour.RED);
        assertThatThrownBy(() -> WireName.parse(Colour.class, "Red"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Colour");
    }
}
