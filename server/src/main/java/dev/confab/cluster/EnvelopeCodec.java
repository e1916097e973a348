package dev.confab.cluster;

import dev.confab.fanout.Envelope;
import java.util.Arrays;

/**
 * Envelopes on the Redis channel: one header line of fields separated by spaces, then the frame
 * as it goes to sockets, so the frame is encoded once and never re-escaped.
 * {@code origin kind audience room pos exclConn exceptUser changed session users(comma separated or -)}.
 */
final class EnvelopeCodec {
    private EnvelopeCodec() {}

    /** A liveness probe a node sends itself through Redis. */
    static String ping(long origin) {
        return origin + " PING";
    }

    static String encode(long origin, Envelope e) {
        StringBuilder b =
                new StringBuilder(96 + (e.frame() == null ? 0 : e.frame().length()));
        b.append(origin)
                .append(' ')
                .append(e.kind().name())
                .append(' ')
                .append(e.audience().name())
                .append(' ')
                .append(e.roomId())
                .append(' ')
                .append(e.pos())
                .append(' ')
                .append(e.excludeConnection())
                .append(' ')
                .append(e.exceptUser())
                .append(' ')
                .append(e.audienceChanged() ? 1 : 0)
                .append(' ')
                .append(e.sessionId())
                .append(' ');
        if (e.userIds().length == 0) b.append('-');
        for (int i = 0; i < e.userIds().length; i++) b.append(i == 0 ? "" : ",").append(e.userIds()[i]);
        b.append('\n');
        if (e.frame() != null) b.append(e.frame());
        return b.toString();
    }

    record Decoded(long origin, Envelope envelope) {
        boolean ping() {
            return envelope == null;
        }
    }

    static Decoded decode(String text) {
        int nl = text.indexOf('\n');
        String[] h = (nl < 0 ? text : text.substring(0, nl)).split(" ");
        long origin = Long.parseLong(h[0]);
        if (h[1].equals("PING")) return new Decoded(origin, null);
        long[] users = h[9].equals("-")
                ? new long[0]
                : Arrays.stream(h[9].split(",")).mapToLong(Long::parseLong).toArray();
        String frame = nl < 0 || nl == text.length() - 1 ? null : text.substring(nl + 1);
        return new Decoded(
                origin,
                new Envelope(
                        Envelope.Kind.valueOf(h[1]),
                        Envelope.Audience.valueOf(h[2]),
                        Long.parseLong(h[3]),
                        Long.parseLong(h[4]),
                        users,
                        frame,
                        Long.parseLong(h[5]),
                        Long.parseLong(h[6]),
                        h[7].equals("1"),
                        Long.parseLong(h[8])));
    }
}
