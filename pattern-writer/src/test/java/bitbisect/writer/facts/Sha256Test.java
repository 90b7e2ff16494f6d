package bitbisect.writer.facts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void theStandardsExamplesGiveTheirDigests() {
        // FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and the empty message.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex("abc"));
        assertEquals("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(""));
    }

    @Test
    void everyLengthAroundTheBlockEdgesGivesWhatMessageDigestGives() throws Exception {
        MessageDigest jdk = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(20261201);
        // 0-300 bytes crosses the padding's edge cases (55, 56, 63, 64, 119, 120... bytes); and a cpuinfo-sized one.
        for (int length : java.util.stream.IntStream.concat(java.util.stream.IntStream.rangeClosed(0, 300),
                java.util.stream.IntStream.of(1500, 4096)).toArray()) {
            byte[] message = new byte[length];
            random.nextBytes(message);
            assertArrayEquals(jdk.digest(message), Sha256.digest(message), "length " + length);
        }
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(Sha256.digest(text.getBytes(StandardCharsets.US_ASCII)));
    }
}
