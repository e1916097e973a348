package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A page of history in ascending {@code seq}; {@code more} tells whether another page exists. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Page(List<Message> messages, boolean more) {
    public Page {
        messages = Json.immutable(messages);
    }
}
