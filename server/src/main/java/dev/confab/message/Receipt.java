package dev.confab.message;

/** A member's delivery cursors in a room, as of stream position {@code pos}. */
public record Receipt(long roomId, long userId, long delivered, long read, long pos) {}
