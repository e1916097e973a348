package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** An {@code edit} event (live or in sync): message {@code messageId} now says this. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Edit(
        long pos,
        long roomId,
        long seq,
        long messageId,
        long editorId,
        String kind,
        String text,
        JsonNode data,
        Instant editedAt) {
    public Edit {
        if (data != null && data.isNull()) {
            data = null;
        }
    }
}
