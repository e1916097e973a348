package dev.confab.wire;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.confab.account.User;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import dev.confab.message.Message;
import dev.confab.room.Invite;
import dev.confab.room.Member;
import dev.confab.room.Role;
import dev.confab.room.Room;
import java.io.IOException;
import java.time.Instant;

/** The one JSON mapper: ISO-8601 times, no nulls, domain records shaped for the wire by mix-ins. */
public final class Json {
    private Json() {}

    public static final ObjectMapper MAPPER = create();
    // readTree ignores FAIL_ON_TRAILING_TOKENS; a reader honours it, so "{} {}" is refused.
    private static final com.fasterxml.jackson.databind.ObjectReader OBJECT_READER = MAPPER.readerFor(JsonNode.class);

    private static ObjectMapper create() {
        ObjectMapper m = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .addModule(new SimpleModule("confab-messages")
                        .addSerializer(Instant.class, new InstantSerializer())
                        .addSerializer(Message.class, new MessageSerializer())
                        .addSerializer(Frames.MessageView.class, new MessageViewSerializer()))
                .addMixIn(User.class, UserMixin.class)
                .addMixIn(Room.Kind.class, WireEnumMixin.class)
                .addMixIn(Role.class, WireEnumMixin.class)
                .addMixIn(Member.class, MemberMixin.class)
                .addMixIn(Invite.class, InviteMixin.class)
                .addMixIn(Room.Visibility.class, WireEnumMixin.class)
                .addMixIn(Room.History.class, WireEnumMixin.class)
                .build();
        m.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(32)
                        .maxStringLength(1 << 20)
                        .build());
        return m;
    }

    /** A message as clients see it: the body's kind, text and data (see {@link MessageData}), null fields left out. */
    static final class MessageSerializer extends StdSerializer<Message> {
        MessageSerializer() {
            super(Message.class);
        }

        @Override
        public void serialize(Message m, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            fields(m, g, p);
            g.writeEndObject();
        }

        static void fields(Message m, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeNumberField("id", m.id());
            g.writeNumberField("roomId", m.roomId());
            g.writeNumberField("seq", m.seq());
            g.writeNumberField("senderId", m.senderId());
            if (m.clientId() != null) g.writeStringField("clientId", m.clientId());
            g.writeStringField("kind", m.kind());
            String text = MessageData.text(m.body());
            if (text != null) g.writeStringField("text", text);
            ObjectNode data = MessageData.node(m.body());
            if (data != null) {
                g.writeFieldName("data");
                g.writeTree(data);
            }
            g.writeStringField("createdAt", InstantSerializer.format(m.createdAt()));
            Instant edited = MessageData.editedAt(m.body());
            if (edited != null) g.writeStringField("editedAt", InstantSerializer.format(edited));
        }
    }

    /** A message with its {@code reactions} (left out when there are none). */
    static final class MessageViewSerializer extends StdSerializer<Frames.MessageView> {
        MessageViewSerializer() {
            super(Frames.MessageView.class);
        }

        @Override
        public void serialize(Frames.MessageView v, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            MessageSerializer.fields(v.message(), g, p);
            if (!v.reactions().isEmpty()) p.defaultSerializeField("reactions", v.reactions(), g);
            g.writeEndObject();
        }
    }

    abstract static class UserMixin {
        @JsonIgnore
        abstract Instant createdAt();
    }

    abstract static class MemberMixin {
        @JsonIgnore
        abstract long roomId();

        @JsonIgnore
        abstract long joinedSeq();
    }

    abstract static class InviteMixin {
        @JsonIgnore
        abstract long id();
    }

    abstract static class WireEnumMixin {
        @JsonValue
        abstract String wire();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body or frame that must be a JSON object. */
    public static JsonNode readObject(String text) {
        JsonNode node;
        try {
            node = OBJECT_READER.readValue(text);
        } catch (JsonProcessingException e) {
            throw new ConfabException(ErrorCode.BAD_JSON, "The body is not valid JSON.");
        }
        if (node == null || !node.isObject()) throw new ConfabException(ErrorCode.BAD_JSON, "Expected a JSON object.");
        return node;
    }
}
