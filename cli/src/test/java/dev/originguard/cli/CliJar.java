package dev.originguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar as a user does, {@code java -jar target/originguard-cli.jar ARGS}, in a separate JVM, and
 * keeps its exit code, stdout and stderr.
 */
final class CliJar {

    /** One run's outcome. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private CliJar() {
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("originguard.cli.jar", "target/originguard-cli.jar"));
        assertThat(jar).as("the built CLI jar (run after package)").isRegularFile();
        return jar;
    }

    static Run run(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar().toAbsolutePath().toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".txt");
        Path err = Files.createTempFile(workDir, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("originguard-cli " + String.join(" ", args) + " did not end within 120 s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** A test resource copied into {@code dir}, read-write. */
    static Path copy(String resource, Path dir) throws IOException {
        Path target = dir.resolve(Path.of(resource).getFileName().toString());
        try (var in = CliJar.class.getResourceAsStream("/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, target);
        }
        return target;
    }
}
