package dev.confab.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for S3 requests, written on the JDK's {@code Mac} and {@code MessageDigest}
 * (docs/decisions.md: why no AWS SDK). Signs the host, {@code x-amz-date} and
 * {@code x-amz-content-sha256} headers in the {@code Authorization} header; requests carry no query
 * string. https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
 */
final class SigV4 {
    /** The payload hash of a request whose body is not signed (S3 accepts it on any request). */
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** SHA-256 of no bytes: the payload hash of GET, HEAD and DELETE. */
    static final String EMPTY_PAYLOAD = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final String accessKey;
    private final byte[] secret;
    private final String region;

    SigV4(String accessKey, String secretKey, String region) {
        this.accessKey = accessKey;
        this.secret = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        this.region = region;
    }

    /**
     * The headers to add to a request: {@code x-amz-date}, {@code x-amz-content-sha256} and
     * {@code Authorization}. {@code host} is the Host header the client will send; {@code path} is
     * already percent-encoded as it goes on the wire. {@code extra} are further headers (lower-case
     * names) to sign; the caller sends them too.
     */
    Map<String, String> headers(
            String method, String host, String path, String payloadHash, Map<String, String> extra, Instant now) {
        String stamp = STAMP.format(now);
        String day = stamp.substring(0, 8);
        Map<String, String> signed = new TreeMap<>(extra);
        signed.put("host", host);
        signed.put("x-amz-content-sha256", payloadHash);
        signed.put("x-amz-date", stamp);
        StringBuilder canonicalHeaders = new StringBuilder();
        signed.forEach((k, v) ->
                canonicalHeaders.append(k).append(':').append(v.strip()).append('\n'));
        String signedNames = String.join(";", signed.keySet());
        String canonicalRequest =
                method + "\n" + path + "\n" + "" + "\n" + canonicalHeaders + "\n" + signedNames + "\n" + payloadHash;
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] key = hmac(hmac(hmac(hmac(secret, day), region), "s3"), "aws4_request");
        String signature = HEX.formatHex(hmac(key, toSign));
        return Map.of(
                "x-amz-date",
                stamp,
                "x-amz-content-sha256",
                payloadHash,
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedNames
                        + ", Signature=" + signature);
    }

    /** RFC 3986 percent-encoding of one path segment, as SigV4 wants it (unreserved characters stay). */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0)
                out.append(c);
            else out.append('%').append(HEX.withUpperCase().toHexDigits(b));
        }
        return out.toString();
    }

    static String sha256Hex(String s) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
