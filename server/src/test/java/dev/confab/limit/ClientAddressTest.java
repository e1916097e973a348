package dev.confab.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
    @Test
    void ipv4AddressesAreKeptApartAndIpv6CountsPerSlash64() {
        assertThat(ClientAddress.key("127.0.0.2")).isNotEqualTo(ClientAddress.key("127.0.0.3"));
        assertThat(ClientAddress.key("2001:db8:1:2::1")).isEqualTo(ClientAddress.key("[2001:db8:1:2:ffff::9]"));
        assertThat(ClientAddress.key("2001:db8:1:2::1")).isNotEqualTo(ClientAddress.key("2001:db8:1:3::1"));
        assertThat(ClientAddress.key("::ffff:10.0.0.1"))
                .as("an IPv4-mapped address is that IPv4 address")
                .isEqualTo(ClientAddress.key("10.0.0.1"));
    }

    @Test
    void somethingThatIsNotAnAddressIsKeyedWithoutANameLookup() {
        assertThat(ClientAddress.key("localhost")).isEqualTo("localhost".hashCode());
        assertThat(ClientAddress.key(null)).isZero();
    }
}
