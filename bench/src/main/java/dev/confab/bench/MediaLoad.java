package dev.confab.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Media uploads (issue 9). Throughput: F files of S MB each, generated on the fly (never held in
 * memory on either side), uploaded with C at a time; MB/s = bytes / wall time, which includes
 * hashing, staging to disk and storing the blob. Thumbnails: I photos of W x H (a noisy JPEG, so
 * the decoder has real work) uploaded one at a time; the server's own timer
 * ({@code confab.media.image.duration}, from /metrics) gives the time spent decoding and making the
 * thumbnail and placeholder per image, and the client the whole upload's latency.
 */
final class MediaLoad {
    private final Bench b;
    private final int files;
    private final int sizeMb;
    private final List<Integer> concurrency;
    private final int images;
    private final int width;
    private final int height;

    MediaLoad(Bench b) {
        this.b = b;
        this.files = b.args.integer("files", 8);
        this.sizeMb = b.args.integer("sizeMb", 64);
        this.concurrency = b.args.integers("concurrency", "1,4");
        this.images = b.args.integer("images", 30);
        this.width = b.args.integer("width", 4000);
        this.height = b.args.integer("height", 3000);
        b.args.checkAllRead();
    }

    /** {@code size} bytes of a pattern distinct per {@code seed}, made as they are read. */
    static final class Generated extends InputStream {
        private final long size;
        private final long seed;
        private long pos;

        Generated(long size, long seed) {
            this.size = size;
            this.seed = seed;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buf, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int k = 0; k < n; k++) {
                long x = (pos + k + seed * 0x632BE59BD9B4E019L) * 0x9E3779B97F4A7C15L;
                buf[off + k] = (byte) (x >>> 56 ^ x >>> 29);
            }
            pos += n;
            return n;
        }
    }

    void run() throws Exception {
        b.result.put(
                "params",
                Api.map(
                        "files",
                        files,
                        "sizeMb",
                        sizeMb,
                        "concurrency",
                        concurrency,
                        "images",
                        images,
                        "width",
                        width,
                        "height",
                        height));
        try (ServerProcess server = b.server(
                true,
                "--rate.upload=1000000/1s",
                "--media.quotaBytes=" + (1L << 40),
                "--media.dir=" + b.workDir.resolve("media-" + b.store.kind()))) {
            Api api = new Api(server.port);
            Api.Account user = api.signup("uploader");
            HttpClient http =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + server.port;

            List<List<Object>> rows = new ArrayList<>();
            List<Map<String, Object>> throughput = new ArrayList<>();
            long seed = 0;
            for (int c : concurrency) {
                long bytes = (long) sizeMb << 20;
                long start = System.nanoTime();
                long first = seed;
                Api.parallel(files, c, "uploads", i -> {
                    upload(http, base, user, new Generated(bytes, first + i), bytes, "file-" + i + ".bin");
                    return i;
                });
                seed += files;
                double seconds = (System.nanoTime() - start) / 1e9;
                double mbps = files * (double) sizeMb / seconds;
                throughput.add(Api.map(
                        "concurrency",
                        c,
                        "files",
                        files,
                        "sizeMb",
                        sizeMb,
                        "seconds",
                        seconds,
                        "mbPerSec",
                        mbps,
                        "loadAverage",
                        Results.loadAverage()));
                rows.add(List.of(
                        c,
                        files,
                        sizeMb,
                        String.format("%.1f", seconds),
                        String.format("**%.0f**", mbps),
                        Results.loadAverage()));
                Log.info(String.format(
                        "uploads x%d: %d x %d MB in %.1f s = %.0f MB/s", c, files, sizeMb, seconds, mbps));
            }
            b.result.put("throughput", throughput);

            byte[] photo = noisyJpeg(width, height);
            double[] before = imageTimer(http, base);
            List<Double> latencies = new ArrayList<>();
            for (int i = 0; i < images; i++) {
                long t = System.nanoTime();
                upload(http, base, user, new java.io.ByteArrayInputStream(photo), photo.length, "photo-" + i + ".jpg");
                latencies.add((System.nanoTime() - t) / 1e6);
            }
            double[] after = imageTimer(http, base);
            double serverMs = (after[0] - before[0]) * 1000 / Math.max(1, after[1] - before[1]);
            latencies.sort(Double::compare);
            double p50 = latencies.get(latencies.size() / 2);
            double p95 = latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.95) - 1));
            b.result.put(
                    "thumbnails",
                    Api.map(
                            "images",
                            images,
                            "width",
                            width,
                            "height",
                            height,
                            "jpegBytes",
                            photo.length,
                            "serverMsPerImage",
                            serverMs,
                            "uploadP50Ms",
                            p50,
                            "uploadP95Ms",
                            p95));
            String md = "upload throughput (generated bytes, streamed; hash + stage + store):\n\n"
                    + Results.table(
                            List.of("concurrent uploads", "files", "MB each", "seconds", "MB/s", "load average"), rows)
                    + String.format(
                            "%nthumbnails: %d JPEGs of %d x %d (%,d bytes) one at a time: decode (subsampled) + EXIF + thumbnail "
                                    + "+ BlurHash **%.0f ms** per image on the server (confab.media.image.duration); whole upload p50 %.0f ms, p95 %.0f ms.%n",
                            images, width, height, photo.length, serverMs, p50, p95);
            b.finish(md);
        }
    }

    private static void upload(
            HttpClient http, String base, Api.Account user, InputStream body, long length, String name)
            throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + "/api/v1/media?name=" + name))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + user.token())
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> body), length))
                .build();
        HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 201)
            throw new IllegalStateException("upload " + name + " -> " + res.statusCode() + " " + res.body());
    }

    /** The server's image timer: {seconds total, count}. */
    private static double[] imageTimer(HttpClient http, String base) throws Exception {
        String text = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        double sum = 0;
        double count = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("confab_media_image_duration_seconds_sum"))
                sum = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("confab_media_image_duration_seconds_count"))
                count = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return new double[] {sum, count};
    }

    /** A photo-like JPEG: smooth gradients plus noise, so it neither compresses to nothing nor decodes trivially. */
    static byte[] noisyJpeg(int w, int h) throws Exception {
        BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Random rnd = new Random(42);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = (x * 255 / w + rnd.nextInt(32)) & 0xFF;
                int g = (y * 255 / h + rnd.nextInt(32)) & 0xFF;
                int bl = ((x + y) * 127 / (w + h) + rnd.nextInt(32)) & 0xFF;
                im.setRGB(x, y, r << 16 | g << 8 | bl);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(im, "jpeg", out);
        return out.toByteArray();
    }
}
