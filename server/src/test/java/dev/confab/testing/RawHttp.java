package dev.confab.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte by byte, for requests a real client refuses to send (a raw {@code %00} in
 * the path) or sends too politely (a header line or body byte at a time).
 */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    public RawHttp(URI base) throws IOException {
        socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(30_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    /** Sends one complete request and reads the whole answer (the request asks the server to close). */
    public static Response exchange(URI base, String head, byte[] body) throws IOException {
        try (RawHttp http = new RawHttp(base)) {
            http.write(head.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) http.write(body);
            return http.readResponse();
        }
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public void write(String ascii) throws IOException {
        write(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads until the server closes the connection; a reset or a close without an answer gives status -1. */
    public Response readResponse() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) all.write(buf, 0, n);
        } catch (java.net.SocketException e) {
            // reset by the server: whatever arrived before counts
        }
        String text = all.toString(StandardCharsets.UTF_8);
        if (!text.startsWith("HTTP/1.1 ")) return new Response(-1, "", text);
        int headEnd = text.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
        return new Response(Integer.parseInt(text.substring(9, 12)), head, body);
    }

    /** Reads what has arrived (at least one byte, waiting up to the socket timeout). */
    public int readSome(byte[] into) throws IOException {
        socket.setSoTimeout(30_000);
        return in.read(into);
    }

    /** True once the server has closed the connection (reads end or the connection resets). */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout(50);
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Response(int status, String head, String body) {
        public String contentType() {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-type:"))
                    return line.substring(13).trim();
            }
            return "";
        }
    }
}
