package dev.confab.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.client.ConfabClient;
import dev.confab.testing.ServerPerStore;
import dev.confab.testing.StoreKind;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A bearer token is compared exactly, also on a reused keep-alive connection, where Jetty's header
 * cache would otherwise hand a case-changed header the value cached from the request before.
 */
@ParameterizedClass
@EnumSource(StoreKind.class)
class TokenCaseEndToEndTest extends ServerPerStore {
    @Test
    void aTokenWithItsLettersCaseChangedIsRefusedOnAReusedConnection() throws Exception {
        ConfabClient alice = server.newUser("Alice");
        String token = alice.token();
        String swapped = swapCase(token);
        assertThat(swapped).isNotEqualTo(token);
        try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            assertThat(get(in, out, token)).as("the real token").isEqualTo(200);
            assertThat(get(in, out, swapped))
                    .as("the same token with its letters' case changed")
                    .isEqualTo(401);
            assertThat(get(in, out, token)).as("the real token again").isEqualTo(200);
            assertThat(get(in, out, token.toUpperCase(Locale.ROOT)))
                    .as("the token upper-cased")
                    .isEqualTo(401);
        }
    }

    private int get(InputStream in, OutputStream out, String token) throws IOException {
        String request = "GET /api/v1/me HTTP/1.1\r\nHost: " + server.base().getAuthority()
                + "\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(in);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        int length = -1;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                length = Integer.parseInt(line.substring(15).trim());
        }
        assertThat(length).as("keep-alive responses say their length").isNotNegative();
        assertThat(head.toLowerCase(Locale.ROOT))
                .as("the connection stays open")
                .doesNotContain("connection: close");
        in.readNBytes(length);
        return status;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("connection closed before the response head ended");
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static String swapCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray())
            b.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        return b.toString();
    }
}
