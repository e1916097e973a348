package dev.confab.s3;

import dev.confab.media.MediaStore;
import dev.confab.media.MediaStoreContract;
import dev.confab.testing.S3Proxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The media store contract against a real S3-compatible server (s3proxy), a fresh bucket per test. */
class S3MediaStoreContractTest extends MediaStoreContract {
    static S3Proxy s3;
    String bucket;

    @BeforeAll
    static void startS3() {
        s3 = new S3Proxy();
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) s3.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = s3.newBucket();
    }

    @Override
    protected MediaStore store() {
        return new S3MediaStore(s3.settings(bucket)).checked();
    }

    @Override
    protected long storedBlobs() {
        return s3.objects(bucket);
    }
}
