package dev.confab.store;

import dev.confab.room.Action;
import dev.confab.room.Permissions;
import dev.confab.room.Role;
import dev.confab.room.Room;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The permission matrix's {@link Action#SEE_READERS} as an SQL condition, for the queries that
 * must filter inside the database (a sync page is cut by LIMIT, so it cannot be filtered after).
 * Built from {@link Permissions}, so the matrix stays the one place the rule is written.
 */
final class MemberVisibility {
    private MemberVisibility() {}

    /** {@code (%1$s.kind = 'group' AND %2$s.role IN ('owner', ...)) OR ...}: room and member aliases are filled in per use. */
    private static final String SEES_READERS = build();

    private static String build() {
        List<String> kinds = new ArrayList<>();
        for (Room.Kind kind : Room.Kind.values()) {
            String roles = java.util.Arrays.stream(Role.values())
                    .filter(role -> Permissions.allows(kind, role, Action.SEE_READERS))
                    .map(role -> "'" + role.wire() + "'")
                    .collect(Collectors.joining(", "));
            if (!roles.isEmpty()) kinds.add("(%1$s.kind = '" + kind.wire() + "' AND %2$s.role IN (" + roles + "))");
        }
        return kinds.isEmpty() ? "(1 = 0)" : "(" + String.join(" OR ", kinds) + ")";
    }

    /** True where the member row aliased {@code member} may see every member of the room row aliased {@code room}, cursors included. */
    static String seesReaders(String member, String room) {
        return SEES_READERS.formatted(room, member);
    }
}
