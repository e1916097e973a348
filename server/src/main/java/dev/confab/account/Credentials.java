package dev.confab.account;

public record Credentials(User user, String passwordHash) {}
