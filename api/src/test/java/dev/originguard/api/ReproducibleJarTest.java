package dev.originguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clean builds of one commit give byte-identical jars: the core jar this build made, and the one a second
 * Maven run makes from a fresh copy of the same sources, minutes later and in another directory, have the
 * same SHA-256. Without {@code project.build.outputTimestamp} every jar entry carries the time it was
 * compiled, and the two differ.
 *
 * <p>Core is the module rebuilt because it needs no other OriginGuard artifact (nothing is installed to the
 * local repository) and compiles in seconds; the plugins that make the other jars are the same, and
 * {@code artifact:check-buildplan} checks every module's plan for plugins known to write build-dependent bytes.
 */
class ReproducibleJarTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void aSecondCleanBuildOfCoreGivesTheSameJar(@TempDir Path copy) throws Exception {
        Path built = PublicApiTest.location("dev.originguard.ClientIpResolver");
        assertThat(built.toString()).as("the core artifact on the test class path is a jar (run verify)")
                .endsWith(".jar");

        Files.copy(ROOT.resolve("pom.xml"), copy.resolve("pom.xml"));
        copyTree(ROOT.resolve("core"), copy.resolve("core"));
        Path rebuilt = copy.resolve("core/target").resolve(built.getFileName());
        runMaven(copy.resolve("core"));

        assertThat(rebuilt).exists();
        assertThat(sha256(rebuilt)).as("SHA-256 of %s and of a second clean build of it; entries that differ: %s",
                built, differingEntries(built, rebuilt)).isEqualTo(sha256(built));
    }

    /** Packages the module offline with the Maven that runs this build, skipping everything but the jar. */
    private static void runMaven(Path module) throws IOException, InterruptedException {
        String mavenHome = System.getProperty("maven.home");
        assertThat(mavenHome).as("system property maven.home (set by the api module's surefire configuration)")
                .isNotBlank();
        boolean windows = System.getProperty("os.name").startsWith("Windows");
        List<String> command = new ArrayList<>(List.of(Path.of(mavenHome, "bin", windows ? "mvn.cmd" : "mvn").toString(),
                "-B", "-q", "-o", "package", "-Dmaven.test.skip=true", "-Dmaven.source.skip=true",
                "-Dmaven.javadoc.skip=true", "-Denforcer.skip=true"));
        String localRepository = System.getProperty("maven.repo.local");
        if (localRepository != null && !localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        Path log = module.resolve("build.log");
        Process maven = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        // A bound, not a speed target: a wedged child build must not hang verify.
        if (!maven.waitFor(10, TimeUnit.MINUTES)) {
            maven.destroyForcibly();
        }
        assertThat(maven.exitValue()).as("second build of core (%s):%n%s", command, Files.readString(log)).isZero();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("target")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** What tells the jars apart, for the failure message: entry names with different bytes or times. */
    private static List<String> differingEntries(Path a, Path b) throws IOException {
        List<String> differing = new ArrayList<>();
        try (ZipFile za = new ZipFile(a.toFile()); ZipFile zb = new ZipFile(b.toFile())) {
            for (ZipEntry ea : za.stream().toList()) {
                ZipEntry eb = zb.getEntry(ea.getName());
                if (eb == null) {
                    differing.add(ea.getName() + " (missing)");
                } else if (ea.getTime() != eb.getTime()) {
                    differing.add(ea.getName() + " (time " + ea.getTime() + " vs " + eb.getTime() + ")");
                } else if (!sameBytes(za, ea, zb, eb)) {
                    differing.add(ea.getName() + " (content)");
                }
                if (differing.size() >= 10) {
                    break;
                }
            }
        }
        return differing;
    }

    private static boolean sameBytes(ZipFile za, ZipEntry ea, ZipFile zb, ZipEntry eb) throws IOException {
        try (InputStream ia = za.getInputStream(ea); InputStream ib = zb.getInputStream(eb)) {
            return Arrays.equals(ia.readAllBytes(), ib.readAllBytes());
        }
    }
}
