package bitbisect.runner.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class JvmCrashBannerTest {

    private static String describe(String stdout) {
        JvmCrashBanner banner = new JvmCrashBanner();
        stdout.lines().forEach(banner::line);
        return banner.describe();
    }

    /** As printed by OpenJDK 17 in a QEMU guest whose JIT-compiled code faulted. */
    @Test
    void aSegfaultNamesTheSignalAndTheReport() {
        assertEquals("the JVM crashed: SIGSEGV (0xb) at pc=0x00007f91b1559560, pid=533, tid=535;"
                + " report on the host: /root/hs_err_pid533.log", describe("""
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  SIGSEGV (0xb) at pc=0x00007f91b1559560, pid=533, tid=535
                #
                # JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)
                # Java VM: OpenJDK 64-Bit Server VM (17.0.15+6-Debian-1deb12u1, mixed mode, sharing, tiered)
                # Problematic frame:
                # J 40 c1 java.lang.AbstractStringBuilder.ensureCapacityInternal(I)V java.base@17.0.15 (39 bytes)
                #
                # An error report file with more information is saved as:
                # /root/hs_err_pid533.log
                #
                # If you would like to submit a bug report, please visit:
                #   https://bugs.debian.org/openjdk-17
                #
                """));
    }

    /** As printed with -XX:+CrashOnOutOfMemoryError. */
    @Test
    void anInternalErrorKeepsBothCauseLines() {
        assertEquals("the JVM crashed: Internal Error (debug.cpp:362), pid=18747, tid=18748; fatal error: OutOfMemory"
                + " encountered: Java heap space; report on the host: /tmp/hs_err_pid18747.log", describe("""
                Aborting due to java.lang.OutOfMemoryError: Java heap space
                #
                # A fatal error has been detected by the Java Runtime Environment:
                #
                #  Internal Error (debug.cpp:362), pid=18747, tid=18748
                #  fatal error: OutOfMemory encountered: Java heap space
                #
                # JRE version: OpenJDK Runtime Environment (17.0.15+6) (build 17.0.15+6-Debian-1deb12u1)
                # An error report file with more information is saved as:
                # /tmp/hs_err_pid18747.log
                """));
    }

    @Test
    void ordinaryOutputIsNoCrash() {
        assertNull(describe("{\"event\":\"start\"}\n#  SIGSEGV (0xb) quoted outside a banner\n"));
    }
}
