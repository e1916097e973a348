package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record Member(long userId, String role, long delivered, long read) {}
