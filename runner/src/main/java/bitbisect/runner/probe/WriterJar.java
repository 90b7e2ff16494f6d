package bitbisect.runner.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pattern-writer jar that runs on every host. The runner carries it inside its own jar
 * (the build copies it there) and unpacks it once into a cache directory, under a name holding
 * its checksum, so every host and every run uses exactly the same bytes.
 */
public record WriterJar(Path path, String sha256) {

    static final String RESOURCE = "/bitbisect/runner/pattern-writer.jar";

    /** Unpacks the embedded writer into {@code cacheDir} if it is not there yet. */
    public static WriterJar unpack(Path cacheDir) throws IOException {
        byte[] bytes;
        try (InputStream in = WriterJar.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("the runner was built without the pattern-writer jar inside it;"
                        + " build both with ./mvnw -q -DskipTests package from the repository root");
            }
            bytes = in.readAllBytes();
        }
        String sha = sha256(bytes);
        Path target = cacheDir.resolve(fileName(sha));
        if (!Files.exists(target) || !sha256(Files.readAllBytes(target)).equals(sha)) {
            Files.createDirectories(cacheDir);
            Path temp = Files.createTempFile(cacheDir, ".pattern-writer", ".jar");
            Files.write(temp, bytes);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        return new WriterJar(target, sha);
    }

    /** The jar's name wherever bitbisect puts it (the cache here, ~/.cache/bitbisect on SSH hosts): its checksum's first 16 digits. */
    public static String fileName(String sha256) {
        return "pattern-writer-" + sha256.substring(0, 16) + ".jar";
    }

    /** Where the jar goes on an SSH host, relative to the login's home directory. */
    public static final String HOST_CACHE = ".cache/bitbisect";

    /** The jar's path on an SSH host, relative to the home directory: {@code .cache/bitbisect/pattern-writer-SHA.jar}. */
    public String hostPath() {
        return hostPath(sha256);
    }

    /** {@link #hostPath()} of the jar with checksum {@code sha256}, such as a stored sweep names. */
    public static String hostPath(String sha256) {
        return HOST_CACHE + "/" + fileName(sha256);
    }

    /**
     * The jar's path on a Slurm node for job {@code job}: {@code /tmp/bitbisect-writer-SHA-JOB.jar}
     * (the job's holder script removes what matches {@code /tmp/bitbisect-writer-*-JOB.jar}).
     */
    public String stagedPath(String job) {
        return "/tmp/bitbisect-writer-" + sha256.substring(0, 16) + "-" + job + ".jar";
    }

    /** $XDG_CACHE_HOME/bitbisect, or ~/.cache/bitbisect. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("bitbisect");
    }

    /** SHA-256 in hex: the jar's identity here, a matrix file's in a sweep's name. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
