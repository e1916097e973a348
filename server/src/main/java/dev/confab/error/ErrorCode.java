package dev.confab.error;

import dev.confab.text.WireName;

/** Stable error codes shared by REST and socket replies; see docs/protocol.md. */
public enum ErrorCode implements WireName {
    BAD_JSON(400, "The body or frame is not a JSON object."),
    BAD_ENCODING(400, "The body is not valid UTF-8."),
    BAD_FRAME(400, "Unknown frame type or a field of the wrong type."),
    INVALID_FIELD(400, "A field is missing or out of range."),
    TEXT_TOO_LONG(400, "The message text is too long."),
    LIMIT_TOO_LARGE(400, "The requested page is too large."),
    FRAME_TOO_LARGE(400, "The frame is too large."),
    UNAUTHENTICATED(401, "A valid session token is required."),
    BAD_CREDENTIALS(401, "Wrong username or password."),
    FORBIDDEN(403, "Your role in this room does not allow that."),
    SESSION_NOT_FOUND(404, "No such session."),
    USER_NOT_FOUND(404, "No such user."),
    ROOM_NOT_FOUND(404, "No such room."),
    MESSAGE_NOT_FOUND(404, "No such message."),
    NOT_FOUND(404, "No such resource."),
    USERNAME_TAKEN(409, "That username is taken."),
    CLIENT_ID_CONFLICT(409, "That clientId was already used for another message."),
    DIRECT_SELF(400, "A direct room needs two different users."),
    MEMBER_NOT_FOUND(404, "That user is not a member of this room."),
    LAST_OWNER(409, "A room needs an owner; make someone else an owner first."),
    BANNED(403, "You are banned from this room."),
    INVITE_NOT_FOUND(404, "No such invite link, or it was revoked."),
    INVITE_EXPIRED(410, "This invite link has expired or has no uses left."),
    RATE_LIMITED(429, "Too many requests; slow down."),
    // profiles, privacy, blocks (issue 3)
    BLOCKED(403, "One of you has blocked the other."),
    TOO_LARGE(413, "The upload is too large."),
    UNSUPPORTED_MEDIA_TYPE(415, "Only PNG, JPEG, GIF and WebP images are accepted."),
    INVALID_IMAGE(400, "The image cannot be decoded."),
    // edits, reactions, search (issue 10)
    EDIT_WINDOW_CLOSED(403, "Messages can no longer be edited this long after they were sent."),
    EMOJI_NOT_ALLOWED(400, "That emoji is not one of the reactions this server allows."),
    INVALID_QUERY(400, "The search query is empty or too long."),
    // media (issue 9)
    QUOTA_EXCEEDED(413, "Your uploads would exceed your storage quota; delete some first."),
    MEDIA_NOT_FOUND(404, "No such media, or none you may see."),
    RANGE_NOT_SATISFIABLE(416, "The requested range is outside the file."),
    MEDIA_UNAVAILABLE(503, "The media storage cannot be reached; nothing was stored. Retry shortly."),
    // sign-in hardening (issue 13)
    PASSWORD_TOO_LONG(400, "The password is longer than 72 bytes in UTF-8."),
    OVERLOADED(503, "The server is too busy for this right now. Retry shortly."),
    // notifications and QR-code login (issue 11)
    PUSH_ENDPOINT_NOT_ALLOWED(400, "That push service is not on this server's allowlist."),
    PUSH_GATEWAY_DISABLED(409, "This server has no push gateway configured."),
    PAIRING_NOT_FOUND(404, "No such pairing code, or it expired or was used."),
    PAIRING_CODE_MISMATCH(403, "The check code does not match the one shown on the new device."),
    STORE_UNAVAILABLE(503, "The store failed; nothing was written. Retry shortly."),
    // transport limits and requests refused before any route runs (issue 13)
    BAD_REQUEST(400, "The request is malformed."),
    REQUEST_TIMEOUT(408, "The request took too long to arrive."),
    TOO_MANY_PENDING(429, "Too many requests are still being answered on this socket; wait for their replies."),
    SHUTTING_DOWN(503, "The server is shutting down. Retry shortly."),
    INTERNAL(500, "Something went wrong on our side.");

    private final int httpStatus;
    private final String defaultMessage;

    ErrorCode(int httpStatus, String defaultMessage) {
        this.httpStatus = httpStatus;
        this.defaultMessage = defaultMessage;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
