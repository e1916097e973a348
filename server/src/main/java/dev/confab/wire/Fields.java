package dev.confab.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/** Typed, checked access to the fields of a request object: a wrong type is BAD_FRAME, a missing field INVALID_FIELD. */
public final class Fields {
    private final JsonNode node;

    public Fields(JsonNode node) {
        this.node = node;
    }

    public static Fields of(String json) {
        return new Fields(Json.readObject(json));
    }

    public long requiredLong(String name) {
        Long v = optionalLong(name);
        if (v == null) throw ConfabException.invalid(name + " is required");
        return v;
    }

    public Long optionalLong(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw wrongType(name, "an integer");
        return v.longValue();
    }

    public int optionalInt(String name, int fallback) {
        Long v = optionalLong(name);
        if (v == null) return fallback;
        if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) throw ConfabException.invalid(name + " is out of range");
        return v.intValue();
    }

    public String requiredString(String name) {
        String v = optionalString(name);
        if (v == null) throw ConfabException.invalid(name + " is required");
        return v;
    }

    public String optionalString(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw wrongType(name, "a string");
        return v.textValue();
    }

    public List<Long> optionalLongList(String name, int max) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isArray()) throw wrongType(name, "an array of integers");
        if (v.size() > max) throw ConfabException.invalid(name + " may list at most " + max + " items");
        List<Long> out = new ArrayList<>(v.size());
        for (JsonNode item : v) {
            if (!item.isIntegralNumber() || !item.canConvertToLong()) throw wrongType(name, "an array of integers");
            out.add(item.longValue());
        }
        return out;
    }

    /** A nested object's fields, or null when absent. */
    public Fields optionalObject(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw wrongType(name, "an object");
        return new Fields(v);
    }

    public boolean requiredBoolean(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) throw ConfabException.invalid(name + " is required");
        if (!v.isBoolean()) throw wrongType(name, "true or false");
        return v.booleanValue();
    }

    public Boolean optionalBoolean(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw wrongType(name, "true or false");
        return v.booleanValue();
    }

    public boolean optionalBoolean(String name, boolean fallback) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) return fallback;
        if (!v.isBoolean()) throw wrongType(name, "true or false");
        return v.booleanValue();
    }

    private static ConfabException wrongType(String name, String expected) {
        return new ConfabException(ErrorCode.BAD_FRAME, name + " must be " + expected);
    }
}
