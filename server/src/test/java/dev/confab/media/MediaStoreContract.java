package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MediaStore} adapter does, run on each (DiskMediaStoreContractTest,
 * S3MediaStoreContractTest) with the same assertions.
 */
public abstract class MediaStoreContract {
    /** A fresh, empty store. */
    protected abstract MediaStore store();

    /** How many blobs the store holds, counted from its backing storage rather than through the port. */
    protected abstract long storedBlobs();

    protected static String key(byte[] bytes) {
        return HexFormat.of().formatHex(StagedFile.newDigest().digest(bytes));
    }

    private static byte[] read(MediaStore.Blob blob) throws IOException {
        try (blob) {
            return blob.in().readAllBytes();
        }
    }

    @Test
    void putStoresUnderTheKeyAndPuttingAgainIsANoOp() throws Exception {
        MediaStore store = store();
        byte[] bytes = "0123456789".getBytes();
        String k = key(bytes);
        assertThat(store.exists(k)).isFalse();
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));
        assertThat(store.exists(k)).isTrue();
        InputStream unread = new ByteArrayInputStream(bytes);
        store.put(k, bytes.length, unread);
        assertThat(unread.available()).as("the same key needs no bytes").isEqualTo(bytes.length);
        assertThat(storedBlobs()).isEqualTo(1);
    }

    @Test
    void getReadsTheWholeBlobOrARangeWithTheWholeLength() throws Exception {
        MediaStore store = store();
        byte[] bytes = "0123456789".getBytes();
        String k = key(bytes);
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));

        MediaStore.Blob whole = store.get(k, 0, -1).orElseThrow();
        assertThat(whole.length()).isEqualTo(10);
        assertThat(read(whole)).isEqualTo(bytes);

        MediaStore.Blob part = store.get(k, 3, 4).orElseThrow();
        assertThat(part.length()).isEqualTo(10);
        assertThat(new String(read(part))).isEqualTo("3456");

        MediaStore.Blob tail = store.get(k, 7, -1).orElseThrow();
        assertThat(tail.length()).isEqualTo(10);
        assertThat(new String(read(tail))).isEqualTo("789");

        MediaStore.Blob over = store.get(k, 8, 100).orElseThrow();
        assertThat(new String(read(over)))
                .as("a count past the end stops at the end")
                .isEqualTo("89");

        MediaStore.Blob past = store.get(k, 10, -1).orElseThrow();
        assertThat(past.length()).isEqualTo(10);
        assertThat(read(past)).as("from the end on: nothing").isEmpty();
        assertThat(read(store.get(k, 50, 5).orElseThrow())).isEmpty();
        assertThat(read(store.get(k, 2, 0).orElseThrow())).isEmpty();
    }

    @Test
    void anEmptyBlobIsABlobToo() throws Exception {
        MediaStore store = store();
        String k = key(new byte[0]);
        store.put(k, 0, InputStream.nullInputStream());
        assertThat(store.exists(k)).isTrue();
        MediaStore.Blob b = store.get(k, 0, -1).orElseThrow();
        assertThat(b.length()).isZero();
        assertThat(read(b)).isEmpty();
    }

    @Test
    void aMissingKeyIsEmptyAndDeletingItIsFine() {
        MediaStore store = store();
        String k = key("never stored".getBytes());
        assertThat(store.get(k, 0, -1)).isEmpty();
        assertThat(store.get(k, 5, 5)).isEmpty();
        assertThat(store.exists(k)).isFalse();
        store.delete(k);
    }

    @Test
    void deleteRemovesTheBlob() throws Exception {
        MediaStore store = store();
        byte[] bytes = "gone soon".getBytes();
        String k = key(bytes);
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));
        store.delete(k);
        assertThat(store.exists(k)).isFalse();
        assertThat(store.get(k, 0, -1)).isEmpty();
        assertThat(storedBlobs()).isZero();
        store.put(k, bytes.length, new ByteArrayInputStream(bytes));
        assertThat(read(store.get(k, 0, -1).orElseThrow()))
                .as("and it can come back")
                .isEqualTo(bytes);
    }

    @Test
    void keysThatAreNotOursAreRefusedOrUnknown() {
        MediaStore store = store();
        for (String bad : new String[] {"../secret.txt", "..", "", "ABCDEF" + "0".repeat(58), "a/b", "0".repeat(63)}) {
            assertThatThrownBy(() -> store.put(bad, 1, new ByteArrayInputStream(new byte[] {1})))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.get(bad, 0, -1)).isEmpty();
            assertThat(store.exists(bad)).isFalse();
            store.delete(bad);
        }
        assertThatThrownBy(() -> store.put(null, 1, new ByteArrayInputStream(new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storedBlobs()).isZero();
    }

    @Test
    void aShortStreamStoresNothing() {
        MediaStore store = store();
        String k = key(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> store.put(k, 3, new ByteArrayInputStream(new byte[] {1, 2})))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(store.exists(k)).isFalse();
        assertThat(storedBlobs()).isZero();
    }

    /** 20 MiB generated and checked as streams: neither side holds the blob in memory. */
    @Test
    void aLargeBlobStreamsThroughWhole() throws Exception {
        MediaStore store = store();
        long size = 20L << 20;
        String k = HexFormat.of().formatHex(digest(new Noise(size)));
        long t0 = System.nanoTime();
        store.put(k, size, new Noise(size));
        long t1 = System.nanoTime();
        MediaStore.Blob b = store.get(k, 0, -1).orElseThrow();
        assertThat(b.length()).isEqualTo(size);
        try (b) {
            assertThat(HexFormat.of().formatHex(digest(b.in()))).isEqualTo(k);
        }
        long t2 = System.nanoTime();
        try (MediaStore.Blob end = store.get(k, size - 5, -1).orElseThrow()) {
            byte[] expected = new Noise(size).skipTo(size - 5).readAllBytes();
            assertThat(end.in().readAllBytes()).isEqualTo(expected);
        }
        System.out.printf(
                "%s: 20 MiB put %d ms, get %d ms%n",
                getClass().getSimpleName(), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }

    private static byte[] digest(InputStream in) throws IOException {
        MessageDigest d = StagedFile.newDigest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        return d.digest();
    }

    /** Deterministic bytes made as they are read (a counter through a multiplier), never all at once. */
    private static final class Noise extends InputStream {
        private final long size;
        private long pos;

        Noise(long size) {
            this.size = size;
        }

        Noise skipTo(long p) {
            pos = p;
            return this;
        }

        private static byte at(long p) {
            long x = p * 0x9E3779B97F4A7C15L;
            return (byte) (x >>> 56);
        }

        @Override
        public int read() {
            return pos < size ? at(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) b[off + i] = at(pos++);
            return n;
        }
    }
}
