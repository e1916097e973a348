package dev.confab.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The REST API, bound to one session token. Immutable and thread-safe. Every non-2xx answer
 * becomes a {@link ConfabException}, except from {@link #raw}.
 */
public final class ConfabClient {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Uploads may be hundreds of megabytes. */
    static final Duration UPLOAD_TIMEOUT = Duration.ofMinutes(10);

    private static final String API = "/api/v1";

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final User user;
    private final long sessionId;

    private ConfabClient(HttpClient http, URI base, String token, User user, long sessionId) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(base, "base");
        this.token = token;
        this.user = user;
        this.sessionId = sessionId;
    }

    /** An HTTP/1.1 client like the one each {@code ConfabClient} makes for itself; share one among many. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    public static ConfabClient signup(URI base, String username, String password, String device) {
        return signup(newHttpClient(), base, username, password, null, device);
    }

    public static ConfabClient signup(URI base, String username, String password, String displayName, String device) {
        return signup(newHttpClient(), base, username, password, displayName, device);
    }

    public static ConfabClient signup(
            HttpClient http, URI base, String username, String password, String displayName, String device) {
        ObjectNode body = Json.object()
                .put("username", username)
                .put("password", password)
                .put("device", device);
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        return authenticate(http, base, "/auth/signup", body);
    }

    public static ConfabClient login(URI base, String username, String password, String device) {
        return login(newHttpClient(), base, username, password, device);
    }

    public static ConfabClient login(HttpClient http, URI base, String username, String password, String device) {
        ObjectNode body = Json.object()
                .put("username", username)
                .put("password", password)
                .put("device", device);
        return authenticate(http, base, "/auth/login", body);
    }

    /** A client for a token obtained elsewhere; no REST call, so {@link #user()} is null and {@link #sessionId()} 0. */
    public static ConfabClient withToken(URI base, String token) {
        return withToken(newHttpClient(), base, token);
    }

    public static ConfabClient withToken(HttpClient http, URI base, String token) {
        return new ConfabClient(http, base, token, null, 0);
    }

    private static ConfabClient authenticate(HttpClient http, URI base, String path, ObjectNode body) {
        JsonNode reply = new ConfabClient(http, base, null, null, 0).call("POST", path, body);
        return new ConfabClient(
                http,
                base,
                reply.path("token").asText(null),
                Json.decode(reply.get("user"), User.class),
                reply.path("session").path("id").asLong());
    }

    public String token() {
        return token;
    }

    public User user() {
        return user;
    }

    public long sessionId() {
        return sessionId;
    }

    public URI base() {
        return base;
    }

    // --- sessions and users

    public void logout() {
        call("POST", "/auth/logout", null);
    }

    public List<SessionInfo> sessions() {
        return list(call("GET", "/sessions", null).get("sessions"), SessionInfo.class);
    }

    public void revokeSession(long id) {
        call("DELETE", "/sessions/" + id, null);
    }

    public User me() {
        return Json.decode(call("GET", "/me", null), User.class);
    }

    public User updateDisplayName(String displayName) {
        return Json.decode(call("PATCH", "/me", Json.object().put("displayName", displayName)), User.class);
    }

    public List<User> findUsers(String prefix, int limit) {
        return list(
                call("GET", query("/users", "prefix", prefix, "limit", limit), null)
                        .get("users"),
                User.class);
    }

    public User user(long id) {
        return Json.decode(call("GET", "/users/" + id, null), User.class);
    }

    // --- profiles, privacy and blocks

    public Profile profile(long userId) {
        return Json.decode(call("GET", "/users/" + userId, null), Profile.class);
    }

    public Profile myProfile() {
        return Json.decode(call("GET", "/me", null), Profile.class);
    }

    public List<Profile> findProfiles(String prefix, int limit) {
        return list(
                call("GET", query("/users", "prefix", prefix, "limit", limit), null)
                        .get("users"),
                Profile.class);
    }

    /** {@code displayName} and {@code about} may be null to leave them unchanged. */
    public Profile updateProfile(String displayName, String about) {
        ObjectNode body = Json.object();
        if (displayName != null) {
            body.put("displayName", displayName);
        }
        if (about != null) {
            body.put("about", about);
        }
        return Json.decode(call("PATCH", "/me", body), Profile.class);
    }

    /** Uploads the image bytes as my avatar; the server detects the type from the bytes themselves. */
    public Profile uploadAvatar(byte[] image, String contentType) {
        BinaryResponse reply = rawBytes("PUT", API + "/me/avatar", image, contentType);
        if (reply.status() / 100 != 2) {
            throw ConfabException.fromResponse(
                    new RawResponse(reply.status(), new String(reply.body(), StandardCharsets.UTF_8), reply.headers()));
        }
        return Json.decode(Json.parse(new String(reply.body(), StandardCharsets.UTF_8)), Profile.class);
    }

    public Profile deleteAvatar() {
        return Json.decode(call("DELETE", "/me/avatar", null), Profile.class);
    }

    /** The avatar's bytes as served (status, headers); never throws on a non-2xx status. */
    public BinaryResponse avatar(long userId) {
        return rawBytes("GET", API + "/users/" + userId + "/avatar", null, null);
    }

    /** Uploads a file from memory; {@code name} (may be null) is shown to others and offered when saving. */
    public MediaInfo uploadMedia(byte[] bytes, String name) {
        return uploadMedia(() -> new java.io.ByteArrayInputStream(bytes), bytes.length, name, null, null, null, null);
    }

    /**
     * Streams an upload of {@code length} bytes from {@code body} (opened once; never held in memory
     * here). {@code width}, {@code height}, {@code durationMs} and {@code posterId} describe video and
     * audio, which the server does not decode; each may be null.
     */
    public MediaInfo uploadMedia(
            java.util.function.Supplier<java.io.InputStream> body,
            long length,
            String name,
            Integer width,
            Integer height,
            Long durationMs,
            Long posterId) {
        String path = query(
                API + "/media",
                "name",
                name,
                "width",
                width,
                "height",
                height,
                "durationMs",
                durationMs,
                "posterId",
                posterId);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimSlash(base.toString()) + path))
                .timeout(UPLOAD_TIMEOUT)
                .header("Content-Type", "application/octet-stream")
                .POST(
                        length <= 0
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.fromPublisher(
                                        HttpRequest.BodyPublishers.ofInputStream(body), length));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            RawResponse reply = check(new RawResponse(
                    response.statusCode(), response.body(), response.headers().map()));
            return Json.decode(Json.parse(reply.body()), MediaInfo.class);
        } catch (IOException e) {
            throw new ConfabException(0, "io_error", "POST " + path + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfabException(0, "interrupted", "POST " + path, null, e);
        }
    }

    /** Downloads an upload (or with {@code thumbnail} its thumbnail) as served; never throws on a non-2xx status. */
    public BinaryResponse media(long mediaId, boolean thumbnail) {
        return rawBytes("GET", API + "/media/" + mediaId + (thumbnail ? "/thumbnail" : ""), null, null);
    }

    /** Downloads with extra request headers ({@code Range}, {@code If-None-Match}, ...); never throws on a non-2xx status. */
    public BinaryResponse media(long mediaId, java.util.Map<String, String> headers) {
        return rawBytes("GET", API + "/media/" + mediaId, null, null, headers);
    }

    /** Deletes one of my uploads that no message uses yet. */
    public void deleteMedia(long mediaId) {
        call("DELETE", "/media/" + mediaId, null);
    }

    public PrivacySettings privacy() {
        return Json.decode(call("GET", "/me/privacy", null), PrivacySettings.class);
    }

    /** Each of {@code everyone}, {@code contacts}, {@code nobody}; null leaves a field unchanged. */
    public PrivacySettings updatePrivacy(String avatar, String about, String lastSeen) {
        ObjectNode body = Json.object();
        if (avatar != null) {
            body.put("avatar", avatar);
        }
        if (about != null) {
            body.put("about", about);
        }
        if (lastSeen != null) {
            body.put("lastSeen", lastSeen);
        }
        return Json.decode(call("PATCH", "/me/privacy", body), PrivacySettings.class);
    }

    public void block(long userId) {
        call("POST", "/blocks", Json.object().put("userId", userId));
    }

    public void unblock(long userId) {
        call("DELETE", "/blocks/" + userId, null);
    }

    public List<BlockedUser> blocks() {
        return list(call("GET", "/blocks", null).get("blocks"), BlockedUser.class);
    }

    // --- rooms

    public Room directRoom(long userId) {
        return Json.decode(call("POST", "/rooms/direct", Json.object().put("userId", userId)), Room.class);
    }

    /** {@code description} and {@code memberIds} may be null to leave them out. */
    public Room createGroup(String name, String description, List<Long> memberIds) {
        ObjectNode body = Json.object().put("name", name);
        if (description != null) {
            body.put("description", description);
        }
        if (memberIds != null) {
            memberIds.forEach(body.putArray("memberIds")::add);
        }
        return Json.decode(call("POST", "/rooms", body), Room.class);
    }

    public ChatList chatList(int limit) {
        return Json.decode(call("GET", query("/rooms", "limit", limit), null), ChatList.class);
    }

    public RoomDetails room(long id) {
        return Json.decode(call("GET", "/rooms/" + id, null), RoomDetails.class);
    }

    /** Returns the ids that were added (not those already members). */
    public List<Long> addMembers(long roomId, List<Long> userIds) {
        ObjectNode body = Json.object();
        userIds.forEach(body.putArray("userIds")::add);
        return list(call("POST", "/rooms/" + roomId + "/members", body).get("added"), Long.class);
    }

    /** A group or channel with every option: {@code kind} group|channel, {@code visibility} private|public, {@code history} all|joined. */
    public Room createRoom(String name, String kind, String visibility, String history, List<Long> memberIds) {
        ObjectNode body = Json.object()
                .put("name", name)
                .put("kind", kind)
                .put("visibility", visibility)
                .put("history", history);
        if (memberIds != null) {
            memberIds.forEach(body.putArray("memberIds")::add);
        }
        return Json.decode(call("POST", "/rooms", body), Room.class);
    }

    /** Changes room info; each field may be null to leave it as it is. */
    public Room updateRoom(long roomId, String name, String description, String visibility, String history) {
        ObjectNode body = Json.object();
        if (name != null) body.put("name", name);
        if (description != null) body.put("description", description);
        if (visibility != null) body.put("visibility", visibility);
        if (history != null) body.put("history", history);
        return Json.decode(call("PATCH", "/rooms/" + roomId, body), Room.class);
    }

    /** Public rooms whose name contains {@code query}. */
    public List<Room> directory(String query, int limit) {
        return list(
                call("GET", query("/directory", "q", query, "limit", limit), null)
                        .get("rooms"),
                Room.class);
    }

    public Room join(long roomId) {
        return Json.decode(call("POST", "/rooms/" + roomId + "/join", Json.object()), Room.class);
    }

    public void leave(long roomId) {
        call("POST", "/rooms/" + roomId + "/leave", Json.object());
    }

    public Member setRole(long roomId, long userId, String role) {
        return Json.decode(
                call(
                        "PATCH",
                        "/rooms/" + roomId + "/members/" + userId,
                        Json.object().put("role", role)),
                Member.class);
    }

    public void removeMember(long roomId, long userId) {
        call("DELETE", "/rooms/" + roomId + "/members/" + userId, null);
    }

    public void ban(long roomId, long userId) {
        call("POST", "/rooms/" + roomId + "/bans", Json.object().put("userId", userId));
    }

    public void unban(long roomId, long userId) {
        call("DELETE", "/rooms/" + roomId + "/bans/" + userId, null);
    }

    /** The ids of the users banned from the room. */
    public List<Long> bans(long roomId) {
        List<Long> out = new ArrayList<>();
        call("GET", "/rooms/" + roomId + "/bans", null)
                .path("bans")
                .forEach(b -> out.add(b.path("userId").asLong()));
        return List.copyOf(out);
    }

    /** {@code expiresInSeconds} and {@code maxUses} may be null for no limit. */
    public Invite createInvite(long roomId, Long expiresInSeconds, Integer maxUses) {
        ObjectNode body = Json.object();
        if (expiresInSeconds != null) body.put("expiresInSeconds", expiresInSeconds);
        if (maxUses != null) body.put("maxUses", maxUses);
        return Json.decode(call("POST", "/rooms/" + roomId + "/invites", body), Invite.class);
    }

    public List<Invite> invites(long roomId) {
        return list(call("GET", "/rooms/" + roomId + "/invites", null).get("invites"), Invite.class);
    }

    public void revokeInvite(long roomId, String code) {
        call("DELETE", "/rooms/" + roomId + "/invites/" + URLEncoder.encode(code, StandardCharsets.UTF_8), null);
    }

    public Room joinByInvite(String code) {
        return Json.decode(
                call("POST", "/invites/" + URLEncoder.encode(code, StandardCharsets.UTF_8) + "/join", Json.object()),
                Room.class);
    }

    /** Deletes a message for everyone (it becomes a tombstone of kind {@code deleted}). */
    public void deleteMessage(long roomId, long seq) {
        call("DELETE", "/rooms/" + roomId + "/messages/" + seq, null);
    }

    public void pin(long roomId, long seq) {
        call("POST", "/rooms/" + roomId + "/pins", Json.object().put("seq", seq));
    }

    public void unpin(long roomId, long seq) {
        call("DELETE", "/rooms/" + roomId + "/pins/" + seq, null);
    }

    // --- messages and cursors

    /** {@code before} and {@code after} (seqs) may be null to leave them out. */
    public Page history(long roomId, Long before, Long after, int limit) {
        String path = query("/rooms/" + roomId + "/messages", "before", before, "after", after, "limit", limit);
        return Json.decode(call("GET", path, null), Page.class);
    }

    public SendResult postMessage(long roomId, String clientId, String text) {
        ObjectNode body = Json.object().put("clientId", clientId).put("text", text);
        RawResponse reply = check(exchange("POST", API + "/rooms/" + roomId + "/messages", Json.write(body)));
        return new SendResult(Json.decode(Json.parse(reply.body()), Message.class), reply.status() == 200);
    }

    /** Posts one of my uploads as an image, video, audio or file message (the upload's kind); {@code caption} may be null. */
    public SendResult postMedia(long roomId, String clientId, long mediaId, String caption) {
        ObjectNode body = Json.object().put("clientId", clientId).put("mediaId", mediaId);
        if (caption != null) {
            body.put("text", caption);
        }
        return post(roomId, body);
    }

    /** A text message answering message {@code replyTo} (a seq) of the same room. */
    public SendResult reply(long roomId, String clientId, String text, long replyTo) {
        return post(
                roomId,
                Json.object().put("clientId", clientId).put("text", text).put("replyTo", replyTo));
    }

    /** Copies message {@code fromSeq} of room {@code fromRoomId} (which I can read) into {@code roomId}. */
    public SendResult forward(long roomId, String clientId, long fromRoomId, long fromSeq) {
        ObjectNode body = Json.object().put("clientId", clientId);
        body.putObject("forward").put("roomId", fromRoomId).put("seq", fromSeq);
        return post(roomId, body);
    }

    private SendResult post(long roomId, ObjectNode body) {
        RawResponse reply = check(exchange("POST", API + "/rooms/" + roomId + "/messages", Json.write(body)));
        return new SendResult(Json.decode(Json.parse(reply.body()), Message.class), reply.status() == 200);
    }

    /** Replaces the text of my message {@code seq}; returns the message as it now stands. */
    public Message editMessage(long roomId, long seq, String text) {
        return Json.decode(
                call(
                        "PATCH",
                        "/rooms/" + roomId + "/messages/" + seq,
                        Json.object().put("text", text)),
                Message.class);
    }

    /** Adds my reaction; returns the change, or null when I had already reacted with that emoji. */
    public ReactionChange react(long roomId, long seq, String emoji) {
        return reaction(call("PUT", reactionPath(roomId, seq, emoji), null));
    }

    /** Removes my reaction; returns the change, or null when I had not reacted with that emoji. */
    public ReactionChange unreact(long roomId, long seq, String emoji) {
        return reaction(call("DELETE", reactionPath(roomId, seq, emoji), null));
    }

    /** Every reaction on one message, with everyone who reacted. */
    public List<Reaction> reactions(long roomId, long seq) {
        return list(
                call("GET", "/rooms/" + roomId + "/messages/" + seq + "/reactions", null)
                        .get("reactions"),
                Reaction.class);
    }

    /** The emoji this server accepts as reactions. */
    public List<String> allowedReactions() {
        return list(call("GET", "/reactions", null).get("emoji"), String.class);
    }

    private static String reactionPath(long roomId, long seq, String emoji) {
        return "/rooms/" + roomId + "/messages/" + seq + "/reactions/"
                + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static ReactionChange reaction(JsonNode answer) {
        return answer.hasNonNull("reaction") ? Json.decode(answer.get("reaction"), ReactionChange.class) : null;
    }

    /**
     * Full-text search over what I may read. {@code roomId} null searches all my rooms;
     * {@code order} is {@code recent} or {@code relevance}, {@code match} {@code word} or
     * {@code substring} (null for the defaults); {@code cursor} is the previous page's {@code next}.
     */
    public SearchResults search(String q, Long roomId, String order, String match, int limit, String cursor) {
        return Json.decode(
                call(
                        "GET",
                        query(
                                "/search", "q", q, "roomId", roomId, "order", order, "match", match, "limit", limit,
                                "cursor", cursor),
                        null),
                SearchResults.class);
    }

    public Receipt markRead(long roomId, long seq) {
        return cursor(roomId, "read", Json.object().put("seq", seq));
    }

    public Receipt markReadIds(long roomId, List<Long> messageIds) {
        ObjectNode body = Json.object();
        messageIds.forEach(body.putArray("messageIds")::add);
        return cursor(roomId, "read", body);
    }

    public Receipt markReceived(long roomId, long seq) {
        return cursor(roomId, "received", Json.object().put("seq", seq));
    }

    private Receipt cursor(long roomId, String which, ObjectNode body) {
        return Json.decode(call("POST", "/rooms/" + roomId + "/" + which, body), Receipt.class);
    }

    public MessageReceipts receipts(long roomId, long seq) {
        return Json.decode(
                call("GET", "/rooms/" + roomId + "/messages/" + seq + "/receipts", null), MessageReceipts.class);
    }

    public Unread unread() {
        return Json.decode(call("GET", "/unread", null), Unread.class);
    }

    public SyncBatch sync(long since, int limit) {
        return Json.decode(call("GET", query("/sync", "since", since, "limit", limit), null), SyncBatch.class);
    }

    // --- socket and raw access

    /** Opens this session's socket; returns once the upgrade succeeded. A 401 refusal throws with status 401. */
    public ChatSocket connect(SocketListener listener) {
        return ChatSocket.open(http, socketUri(base, token), listener);
    }

    /**
     * Sends any request; {@code pathAndQuery} is relative to {@link #base()} (for example
     * {@code /api/v1/me} or {@code /healthz}) and {@code body} (JSON text, sent as is) may be null.
     * Never throws on a non-2xx status.
     */
    public RawResponse raw(String method, String pathAndQuery, String body) {
        return exchange(method, pathAndQuery.startsWith("/") ? pathAndQuery : "/" + pathAndQuery, body);
    }

    /**
     * Sends raw bytes (or none, when {@code body} is null) and keeps the answer's body as bytes;
     * never throws on a non-2xx status.
     */
    public BinaryResponse rawBytes(String method, String pathAndQuery, byte[] body, String contentType) {
        return rawBytes(method, pathAndQuery, body, contentType, java.util.Map.of());
    }

    /** As {@link #rawBytes(String, String, byte[], String)}, with extra request headers. */
    public BinaryResponse rawBytes(
            String method,
            String pathAndQuery,
            byte[] body,
            String contentType,
            java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimSlash(base.toString()) + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new BinaryResponse(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new ConfabException(0, "io_error", method + " " + pathAndQuery + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfabException(0, "interrupted", method + " " + pathAndQuery, null, e);
        }
    }

    private JsonNode call(String method, String path, JsonNode body) {
        RawResponse reply = check(exchange(method, API + path, body == null ? null : Json.write(body)));
        return reply.body().isEmpty() ? Json.object() : Json.parse(reply.body());
    }

    private static RawResponse check(RawResponse reply) {
        if (reply.status() / 100 != 2) {
            throw ConfabException.fromResponse(reply);
        }
        return reply;
    }

    private RawResponse exchange(String method, String pathAndQuery, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(trimSlash(base.toString()) + pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new RawResponse(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new ConfabException(0, "timeout", method + " " + pathAndQuery + ": " + e.getMessage(), null, e);
        } catch (IOException e) {
            throw new ConfabException(0, "io_error", method + " " + pathAndQuery + ": " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfabException(0, "interrupted", method + " " + pathAndQuery, null, e);
        }
    }

    private static <T> List<T> list(JsonNode array, Class<T> type) {
        List<T> out = new ArrayList<>();
        if (array != null) {
            array.forEach(node -> out.add(Json.decode(node, type)));
        }
        return List.copyOf(out);
    }

    /** Appends {@code name=value} pairs, skipping null values. */
    static String query(String path, Object... pairs) {
        StringBuilder out = new StringBuilder(path);
        char sep = '?';
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.append(sep)
                        .append(pairs[i])
                        .append('=')
                        .append(URLEncoder.encode(String.valueOf(pairs[i + 1]), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("unpaired: " + Arrays.toString(pairs));
        }
        return out.toString();
    }

    /** {@code http://h:p/prefix} becomes {@code ws://h:p/prefix/ws?token=...}. */
    static URI socketUri(URI base, String token) {
        String scheme = switch (base.getScheme().toLowerCase(java.util.Locale.ROOT)) {
            case "https", "wss" -> "wss";
            default -> "ws";
        };
        String path = trimSlash(base.getRawPath() == null ? "" : base.getRawPath()) + "/ws";
        String query = token == null ? "" : "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return URI.create(scheme + "://" + base.getRawAuthority() + path + query);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
