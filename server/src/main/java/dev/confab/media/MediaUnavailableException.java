package dev.confab.media;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The media store could not be reached or failed (after its adapter's retries): nothing was stored,
 * and the same request may succeed shortly. Anything else a store throws is a fault of ours.
 */
public final class MediaUnavailableException extends UncheckedIOException {
    public MediaUnavailableException(String message, IOException cause) {
        super(message, cause);
    }
}
