package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One emoji on a message: how many reacted with it, who ({@code userIds}: the first ten in history,
 * everyone from {@link ConfabClient#reactions}), and whether I did.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Reaction(String emoji, int count, List<Long> userIds, boolean mine) {
    public Reaction {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }
}
