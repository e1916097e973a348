package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.confab.client.ConfabClient;
import dev.confab.client.ConfabException;
import dev.confab.testing.StoreKind;
import dev.confab.testing.TestServer;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Sign-in hardening (AUTH-4): growing delays for wrong passwords per account and address, per
 * address and per account, none of which locks the owner out for long; a per-address sign-up
 * limit; passwords bcrypt cannot take; and hashing that cannot starve the rest of the server.
 * Callers come from different loopback addresses (127.0.0.x) to be different clients.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class LoginThrottleEndToEndTest {
    private static final String PASSWORD = "the right one";

    @Parameter
    StoreKind kind;

    private static TestServer start(StoreKind kind, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of(
                "auth.loginFailures",
                "3",
                "auth.accountFailures",
                "6",
                "auth.addressFailures",
                "5",
                "auth.loginMaxDelayMillis",
                "3000"));
        all.putAll(settings);
        return TestServer.start(kind, all);
    }

    @Test
    void wrongPasswordsForOneAccountFromOneAddressGetGrowingBoundedDelaysAndTheOwnerElsewhereIsNotLockedOut()
            throws Exception {
        try (TestServer server = start(kind, Map.of())) {
            ConfabClient.signup(server.base(), "victim", PASSWORD, "phone");
            HttpClient attacker = from("127.0.0.2");
            for (String guess : List.of("guess-1", "guess-2", "guess-3")) {
                assertRefused(() -> login(attacker, server, "victim", guess), 401, "bad_credentials");
            }
            long first = assertThrottled(() -> login(attacker, server, "victim", PASSWORD));
            assertThat(first).as("the first delay").isBetween(1L, 1000L);

            // The owner, elsewhere, signs in at once.
            assertThat(login(from("127.0.0.3"), server, "victim", PASSWORD)
                            .user()
                            .username())
                    .isEqualTo("victim");

            // After the wait one more try is checked; failing again doubles the wait, up to the maximum.
            Thread.sleep(first);
            assertRefused(() -> login(attacker, server, "victim", "guess-again"), 401, "bad_credentials");
            long second = assertThrottled(() -> login(attacker, server, "victim", "guess-more"));
            assertThat(second).isGreaterThan(first).isLessThanOrEqualTo(3000);

            // Even at the guesser's address the owner is kept out only for that bounded wait.
            Thread.sleep(second);
            assertThat(login(attacker, server, "victim", PASSWORD).user().username())
                    .isEqualTo("victim");

            String metrics = get(server, "/metrics");
            assertThat(count(metrics, "login", "failure")).isEqualTo(4);
            assertThat(count(metrics, "login", "throttled")).isEqualTo(2);
            assertThat(count(metrics, "login", "success")).isEqualTo(2);
            assertThat(count(metrics, "signup", "success")).isEqualTo(1);
        }
    }

    @Test
    void sprayingManyUsernamesFromOneAddressIsThrottledThereOnly() {
        try (TestServer server = start(kind, Map.of())) {
            ConfabClient.signup(server.base(), "known", PASSWORD, "phone");
            HttpClient sprayer = from("127.0.0.4");
            List<String> names = List.of("known", "nobody1", "nobody2", "nobody3", "nobody4");
            for (String name : names)
                assertRefused(() -> login(sprayer, server, name, "password1"), 401, "bad_credentials");
            assertThrottled(() -> login(sprayer, server, "nobody5", "password1"));
            assertThrottled(() -> login(sprayer, server, "known", PASSWORD));
            assertThat(login(from("127.0.0.5"), server, "known", PASSWORD)
                            .user()
                            .username())
                    .isEqualTo("known");
        }
    }

    @Test
    void guessingFromManyAddressesDelaysTheAccountBrieflyButNotWhereItSignedInBefore() {
        try (TestServer server = start(kind, Map.of())) {
            ConfabClient.signup(server.base(), "target", PASSWORD, "phone");
            HttpClient home = from("127.0.0.9");
            login(home, server, "target", PASSWORD);
            for (int a = 10; a < 13; a++) {
                HttpClient guesser = from("127.0.0." + a);
                for (int i = 0; i < 2; i++)
                    assertRefused(() -> login(guesser, server, "target", "wrong"), 401, "bad_credentials");
            }
            long wait = assertThrottled(() -> login(from("127.0.0.13"), server, "target", PASSWORD));
            assertThat(wait).as("the account-wide delay is short").isLessThanOrEqualTo(3000);
            assertThat(login(home, server, "target", PASSWORD).user().username())
                    .as("where the owner signed in before")
                    .isEqualTo("target");
        }
    }

    @Test
    void signUpsAreLimitedPerAddress() {
        try (TestServer server = start(kind, Map.of("rate.signup", "3/1h"))) {
            HttpClient busy = from("127.0.0.6");
            for (int i = 0; i < 3; i++) ConfabClient.signup(busy, server.base(), "new" + i, PASSWORD, null, "phone");
            long wait =
                    assertThrottled(() -> ConfabClient.signup(busy, server.base(), "new3", PASSWORD, null, "phone"));
            assertThat(wait).isPositive();
            ConfabClient.signup(from("127.0.0.7"), server.base(), "new4", PASSWORD, null, "phone");
            assertThat(count(get(server, "/metrics"), "signup", "throttled")).isEqualTo(1);
        }
    }

    @Test
    void aPasswordLongerThan72BytesIsA400ForKnownAndUnknownUsers() {
        try (TestServer server = start(kind, Map.of())) {
            ConfabClient.signup(server.base(), "longpw", PASSWORD, "phone");
            HttpClient http = ConfabClient.newHttpClient();
            String ascii73 = "p".repeat(73);
            String twoByte74 = "\u00e9".repeat(37); // 37 characters, 74 bytes
            for (String user : List.of("longpw", "nosuchuser")) {
                for (String pw : List.of(ascii73, twoByte74))
                    assertRefused(() -> login(http, server, user, pw), 400, "password_too_long");
                assertRefused(() -> login(http, server, user, "p".repeat(72)), 401, "bad_credentials");
            }
            assertRefused(
                    () -> ConfabClient.signup(server.base(), "other", twoByte74, "phone"), 400, "password_too_long");
            assertThat(ConfabClient.signup(server.base(), "other", "\u00e9".repeat(36), "phone")
                            .user()
                            .username())
                    .isEqualTo("other");
        }
    }

    @Test
    void hashingRunsOnABoundedPoolSoHealthzStaysResponsiveAndExcessLoginsAreRefusedQuickly() throws Exception {
        Map<String, String> settings = Map.of(
                "auth.bcryptCost",
                "10",
                "auth.hashThreads",
                "1",
                "auth.hashQueue",
                "2",
                "auth.loginFailures",
                "1000000",
                "auth.accountFailures",
                "1000000",
                "auth.addressFailures",
                "1000000");
        try (TestServer server = start(kind, settings)) {
            ConfabClient.signup(server.base(), "busy", PASSWORD, "phone");
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger overloaded = new AtomicInteger();
            AtomicInteger checked = new AtomicInteger();
            ExecutorService loops = Executors.newFixedThreadPool(16);
            List<Future<?>> running = new ArrayList<>();
            try {
                HttpClient http = ConfabClient.newHttpClient();
                for (int i = 0; i < 16; i++) {
                    String user = i % 2 == 0 ? "busy" : "ghost" + i;
                    running.add(loops.submit(() -> {
                        while (!stop.get()) {
                            try {
                                login(http, server, user, "wrong password");
                            } catch (ConfabException e) {
                                if (e.status() == 503 && e.code().equals("overloaded")) {
                                    assertThat(e.retryAfterMs()).isPositive();
                                    overloaded.incrementAndGet();
                                } else {
                                    assertThat(e.code()).isEqualTo("bad_credentials");
                                    checked.incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                HttpClient probe = ConfabClient.newHttpClient();
                for (int i = 0; i < 10; i++) {
                    HttpRequest healthz = HttpRequest.newBuilder(server.base().resolve("/healthz"))
                            .timeout(Duration.ofSeconds(10))
                            .build();
                    assertThat(probe.send(healthz, HttpResponse.BodyHandlers.ofString())
                                    .statusCode())
                            .as("healthz answers within 10 s")
                            .isEqualTo(200);
                    Thread.sleep(100);
                }
                assertThat(dev.confab.testing.SocketRecorder.await(
                                Duration.ofSeconds(60), () -> overloaded.get() > 0 && checked.get() > 0))
                        .as("some logins were checked and some refused as overloaded")
                        .isTrue();
            } finally {
                stop.set(true);
                for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
                loops.shutdownNow();
            }
            assertThat(count(get(server, "/metrics"), "login", "overloaded")).isEqualTo(overloaded.get());
        }
    }

    private static ConfabClient login(HttpClient http, TestServer server, String user, String password) {
        return ConfabClient.login(http, server.base(), user, password, "device");
    }

    /** A client whose connections come from {@code ip}, a loopback address of its own. */
    private static HttpClient from(String ip) {
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .localAddress(InetAddress.getByName(ip))
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertRefused(Runnable call, int status, String code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ConfabException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    /** Asserts a 429 rate_limited and returns its retryAfterMs. */
    private static long assertThrottled(Runnable call) {
        try {
            call.run();
        } catch (ConfabException e) {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(429);
            assertThat(e.code()).isEqualTo("rate_limited");
            assertThat(e.retryAfterMs()).isNotNull().isPositive();
            return e.retryAfterMs();
        }
        throw new AssertionError("expected 429 rate_limited, but the call succeeded");
    }

    private static String get(TestServer server, String path) {
        try {
            HttpRequest r =
                    HttpRequest.newBuilder(URI.create(server.base() + path)).build();
            return ConfabClient.newHttpClient()
                    .send(r, HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String metrics, String action, String outcome) {
        Matcher m = Pattern.compile("(?m)^confab_auth_attempts_total\\{(?=[^}]*action=\"" + action
                        + "\")(?=[^}]*outcome=\"" + outcome + "\")[^}]*} ([0-9.eE+]+)$")
                .matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }
}
