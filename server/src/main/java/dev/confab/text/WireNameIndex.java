package dev.confab.text;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Each {@link WireName} enum's constants by wire name, built once per enum: store rows and frames
 * parse these names per row, where a scan over a fresh copy of the constants would allocate each time.
 */
final class WireNameIndex {
    private WireNameIndex() {}

    static final ClassValue<Map<String, Object>> BY_TYPE = new ClassValue<>() {
        @Override
        protected Map<String, Object> computeValue(Class<?> type) {
            return Stream.of(type.getEnumConstants())
                    .collect(Collectors.toUnmodifiableMap(e -> ((WireName) e).wire(), Function.identity()));
        }
    };
}
