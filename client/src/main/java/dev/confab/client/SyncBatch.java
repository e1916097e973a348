package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Changes with {@code pos > since} in {@code pos} order; {@code next} is the new sync token. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncBatch(List<SyncEvent> events, long next, boolean more) {
    public SyncBatch {
        events = Json.immutable(events);
    }
}
