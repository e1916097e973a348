package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Who has received and read message {@code seq}; the sender is not listed. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessageReceipts(long seq, List<Long> delivered, List<Long> read) {
    public MessageReceipts {
        delivered = Json.immutable(delivered);
        read = Json.immutable(read);
    }
}
