package dev.confab.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointPolicyTest {
    private final EndpointPolicy defaults = new EndpointPolicy(EndpointPolicy.DEFAULT);

    @Test
    void theWellKnownPushServicesAreAllowedOverHttpsOnly() {
        assertThat(defaults.check("https://fcm.googleapis.com/fcm/send/abc:def"))
                .isNotNull();
        assertThat(defaults.check("https://updates.push.services.mozilla.com/wpush/v2/gAAAA"))
                .isNotNull();
        assertThat(defaults.check("https://wns2-par02p.notify.windows.com/w/?token=x"))
                .isNotNull();
        assertThat(defaults.check("https://web.push.apple.com/QGuQyavX")).isNotNull();
        assertThat(defaults.check("http://fcm.googleapis.com/fcm/send/abc"))
                .as("plain http")
                .isNull();
        assertThat(defaults.check("https://fcm.googleapis.com:8443/x"))
                .as("another port")
                .isNull();
    }

    @Test
    void lookalikesAndTricksAreRefused() {
        assertThat(defaults.check("https://fcm.googleapis.com.evil.example/x")).isNull();
        assertThat(defaults.check("https://evilfcm.googleapis.com/x")).isNull();
        assertThat(defaults.check("https://notify.windows.com/x"))
                .as("the pattern wants a subdomain")
                .isNull();
        assertThat(defaults.check("https://fcm.googleapis.com@169.254.169.254/x"))
                .isNull();
        assertThat(defaults.check("https://169.254.169.254/latest/meta-data")).isNull();
        assertThat(defaults.check("file:///etc/passwd")).isNull();
        assertThat(defaults.check("not a url")).isNull();
        assertThat(defaults.check(null)).isNull();
    }

    @Test
    void aFullOriginAllowsExactlyThatOrigin() {
        EndpointPolicy lab = new EndpointPolicy("http://127.0.0.1:8081");
        assertThat(lab.check("http://127.0.0.1:8081/push/1")).isNotNull();
        assertThat(lab.check("http://127.0.0.1:8082/push/1")).isNull();
        assertThat(lab.check("https://127.0.0.1:8081/push/1")).isNull();
        assertThat(lab.check("https://fcm.googleapis.com/x")).isNull();
    }
}
