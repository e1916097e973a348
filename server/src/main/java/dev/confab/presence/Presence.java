package dev.confab.presence;

/**
 * Who is online, across every node. Local on a single node (the connection registry); on several
 * nodes a Redis hash per user with a field per node that expires unless the node refreshes it
 * (as Centrifugo keeps presence), so a node that dies stops counting by itself.
 */
public interface Presence {
    /** Records whether the user has a device on this node now; called in the user's order after each connect and disconnect. */
    void refresh(long userId);

    boolean online(long userId);

    /** Those of {@code userIds} (ascending) with a device on any node, ascending. */
    long[] onlineAmong(long[] userIds);

    /**
     * The sessions of these users that have a socket open on any node: their devices get live
     * frames, so Web Push leaves them out. Several devices of one user are told apart by session.
     */
    java.util.Set<Long> sessionsWithSocket(java.util.Collection<Long> userIds);

    /**
     * Records the state about to be announced to watchers; false when it is the state last
     * announced (by any node), so watchers hear each change once.
     */
    boolean announce(long userId, boolean online);
}
