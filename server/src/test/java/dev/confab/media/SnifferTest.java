package dev.confab.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.confab.testing.TestImages;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SnifferTest {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognizesTypesByTheirFirstBytes() {
        assertThat(Sniffer.detect(TestImages.png(4, 4))).isEqualTo("image/png");
        assertThat(Sniffer.detect(TestImages.jpeg(4, 4))).isEqualTo("image/jpeg");
        assertThat(Sniffer.detect(TestImages.gif(4, 4))).isEqualTo("image/gif");
        assertThat(Sniffer.detect(TestImages.webp())).isEqualTo("image/webp");
        assertThat(Sniffer.detect(ascii("\0\0\0\u0018ftypmp42\0\0\0\0"))).isEqualTo("video/mp4");
        assertThat(Sniffer.detect(ascii("\0\0\0\u0014ftypqt  \0\0\0\0"))).isEqualTo("video/quicktime");
        assertThat(Sniffer.detect(ascii("\0\0\0\u0020ftypM4A \0\0\0\0"))).isEqualTo("audio/mp4");
        assertThat(Sniffer.detect(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1}))
                .isEqualTo("video/webm");
        assertThat(Sniffer.detect(ascii("OggS\0\u0002"))).isEqualTo("audio/ogg");
        assertThat(Sniffer.detect(ascii("ID3\u0004\0"))).isEqualTo("audio/mpeg");
        assertThat(Sniffer.detect(ascii("fLaC\0\0\0\""))).isEqualTo("audio/flac");
        assertThat(Sniffer.detect(ascii("RIFF\0\0\0\0WAVEfmt "))).isEqualTo("audio/wav");
        assertThat(Sniffer.detect(ascii("%PDF-1.7\n"))).isEqualTo("application/pdf");
        assertThat(Sniffer.detect(ascii("PK\u0003\u0004"))).isEqualTo("application/zip");
    }

    @Test
    void markupIsNamedForWhatItIsWhateverItIsCalled() {
        assertThat(Sniffer.detect(ascii("<!DOCTYPE html><script>alert(1)</script>")))
                .isEqualTo("text/html");
        assertThat(Sniffer.detect(ascii("\u00EF\u00BB\u00BF  \n<html>"))).isEqualTo("text/html");
        assertThat(Sniffer.detect(ascii("<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>")))
                .isEqualTo("image/svg+xml");
    }

    @Test
    void anythingElseIsAnOctetStream() {
        assertThat(Sniffer.detect(new byte[0])).isEqualTo(Sniffer.OCTET_STREAM);
        assertThat(Sniffer.detect(ascii("just some words"))).isEqualTo(Sniffer.OCTET_STREAM);
        assertThat(Sniffer.detect(new byte[] {(byte) 0x89, 'P', 'N'})).isEqualTo(Sniffer.OCTET_STREAM);
    }
}
