package dev.confab.wire;

import dev.confab.error.ConfabException;
import dev.confab.error.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: a body with malformed bytes is refused rather than silently patched with U+FFFD. */
public final class Utf8 {
    private Utf8() {}

    public static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ConfabException(ErrorCode.BAD_ENCODING);
        }
    }

    /** Whether {@code s} takes more than {@code maxBytes} bytes in UTF-8; counts only when the char count cannot tell. */
    public static boolean exceeds(CharSequence s, int maxBytes) {
        if (s.length() > maxBytes) return true;
        if ((long) s.length() * 3 <= maxBytes) return false;
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n > maxBytes;
    }
}
