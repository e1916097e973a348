package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One sync event: {@code type} is {@code "message"}, {@code "receipt"}, {@code "edit"} or
 * {@code "reaction"}, and the field of that name is set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SyncEvent(String type, Message message, Receipt receipt, Edit edit, ReactionChange reaction) {
    public SyncEvent(String type, Message message, Receipt receipt) {
        this(type, message, receipt, null, null);
    }
}
