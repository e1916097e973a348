package dev.confab.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Who may see my avatar, about and last seen (also online): {@code everyone}, {@code contacts} or {@code nobody}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrivacySettings(String avatar, String about, String lastSeen) {}
