package dev.confab.app;

import dev.confab.media.DiskMediaStore;
import dev.confab.media.MediaStore;
import dev.confab.s3.S3MediaStore;
import java.nio.file.Path;

/** The blob store the settings name: the S3-compatible bucket when an endpoint is set, else media.dir. */
public final class MediaStores {
    private MediaStores() {}

    public static MediaStore open(Config config) {
        // checked at once: a wrong bucket or key should stop the start, not the first upload
        return config.mediaS3() != null
                ? new S3MediaStore(config.mediaS3()).checked()
                : new DiskMediaStore(Path.of(config.mediaDir()));
    }
}
