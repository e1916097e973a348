package dev.confab.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {
    /**
     * The "GET Object" example of AWS's SigV4 header-based authentication page, with its published
     * signature: https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
     */
    @Test
    void signsAwssOwnExampleAsPublished() {
        SigV4 signer = new SigV4("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "us-east-1");
        Map<String, String> h = signer.headers(
                "GET",
                "examplebucket.s3.amazonaws.com",
                "/test.txt",
                SigV4.EMPTY_PAYLOAD,
                Map.of("range", "bytes=0-9"),
                Instant.parse("2013-05-24T00:00:00Z"));
        assertThat(h.get("Authorization"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                        + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                        + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(h.get("x-amz-date")).isEqualTo("20130524T000000Z");
    }

    @Test
    void pathSegmentsAreEncodedAsSigV4WantsThem() {
        assertThat(SigV4.encodeSegment("a b+c~d_e.f-g")).isEqualTo("a%20b%2Bc~d_e.f-g");
        assertThat(SigV4.encodeSegment("é")).isEqualTo("%C3%A9");
    }
}
