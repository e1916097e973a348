package dev.confab.search;

import dev.confab.message.Message;

/** A message found, with a snippet of its text around the match. */
public record SearchHit(Message message, Snippet snippet) {}
