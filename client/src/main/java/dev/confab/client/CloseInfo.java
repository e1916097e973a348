package dev.confab.client;

/**
 * Why a socket closed. {@code code} is the WebSocket close code; {@link #ABNORMAL} (1006) stands
 * for a connection that ended without a close handshake (an error, or {@link ChatSocket#abort()}).
 */
public record CloseInfo(int code, String reason) {
    public static final int NORMAL = 1000;
    public static final int ABNORMAL = 1006;
}
