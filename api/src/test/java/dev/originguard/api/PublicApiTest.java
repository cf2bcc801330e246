package dev.originguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The public API of every published artifact, as {@code javap -public -constants} prints it, against the
 * baseline checked in under {@code api/baseline/}: a public type, member or constant that changes without its
 * baseline changing in the same commit fails the build, the way OkHttp's checked-in {@code okhttp.api} does.
 * Packages named {@code internal} are not API and are left out. After an intended change, run
 * {@code ./mvnw -pl api -am verify -Dapi.update=true} and commit the baseline with the change.
 *
 * <p>Written here rather than with japicmp: japicmp compares against a released artifact, and there is none
 * yet; a text baseline also shows every API change in review as a plain diff.
 */
class PublicApiTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "originguard-core, dev.originguard.ClientIpResolver",
            "originguard-servlet-filter, dev.originguard.servlet.OriginGuardFilter",
            "originguard-ratelimit, dev.originguard.ratelimit.bucket4j.ClientRateLimiter",
            "originguard-spring-boot-starter, dev.originguard.spring.OriginGuardProperties",
    })
    void thePublicApiIsTheBaseline(String artifact, String marker) throws Exception {
        Path location = location(marker);
        String api = dump(location);
        Path baseline = Path.of("baseline", artifact + ".api");
        if (Boolean.getBoolean("api.update")) {
            Files.writeString(baseline, api, StandardCharsets.UTF_8);
        }
        assertThat(Files.exists(baseline)).as("baseline %s exists (run with -Dapi.update=true to write it)", baseline)
                .isTrue();
        String expected = Files.readString(baseline, StandardCharsets.UTF_8);
        assertThat(api).as("public API of %s differs from %s; if intended, run ./mvnw -pl api -am verify"
                + " -Dapi.update=true and commit the baseline. Changes:%n%s", artifact, baseline,
                diff(expected, api)).isEqualTo(expected);
    }

    /** The jar or classes directory that holds {@code className}, found without loading the class. */
    static Path location(String className) throws URISyntaxException {
        String resource = className.replace('.', '/') + ".class";
        String url = PublicApiTest.class.getClassLoader().getResource(resource).toString();
        if (url.startsWith("jar:")) {
            return Path.of(new java.net.URI(url.substring("jar:".length(), url.indexOf("!/"))));
        }
        Path file = Path.of(new java.net.URI(url));
        for (int i = 0; i < className.split("\\.").length; i++) {
            file = file.getParent();
        }
        return file;
    }

    /** javap's view of every public class outside internal packages, in name order. */
    static String dump(Path location) throws IOException, URISyntaxException {
        List<String> classes = classNames(location);
        ToolProvider javap = ToolProvider.findFirst("javap").orElseThrow();
        List<String> args = new ArrayList<>(List.of("-public", "-constants", "-cp", location.toString()));
        args.addAll(classes);
        StringWriter out = new StringWriter();
        int rc = javap.run(new PrintWriter(out), new PrintWriter(out), args.toArray(String[]::new));
        assertThat(rc).as("javap: %s", out).isZero();
        return publicBlocks(out.toString());
    }

    private static List<String> classNames(Path location) throws IOException {
        List<String> entries = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class"))
                        .forEach(f -> entries.add(location.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            try (ZipFile jar = new ZipFile(location.toFile())) {
                jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class")).forEach(entries::add);
            }
        }
        return entries.stream()
                .filter(n -> !n.endsWith("module-info.class") && !n.endsWith("package-info.class"))
                .filter(n -> !n.contains("/internal/"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .sorted().toList();
    }

    // Keeps the blocks of public classes whose enclosing classes are public too (names come sorted, so an
    // enclosing class comes before its nested ones).
    private static String publicBlocks(String javap) {
        Set<String> publicClasses = new HashSet<>();
        StringBuilder api = new StringBuilder();
        for (String block : javap.split("(?m)^Compiled from .*\n")) {
            if (block.isBlank()) {
                continue;
            }
            String header = block.substring(0, block.indexOf('\n'));
            String name = className(header);
            int nested = name.lastIndexOf('$');
            if (header.startsWith("public ") && (nested < 0 || publicClasses.contains(name.substring(0, nested)))) {
                publicClasses.add(name);
                api.append(block);
            }
        }
        return api.toString();
    }

    private static String className(String header) {
        for (String word : header.replace("{", " ").split(" ")) {
            if (word.startsWith("dev.originguard.")) {
                int generic = word.indexOf('<');
                return generic < 0 ? word : word.substring(0, generic);
            }
        }
        return "";
    }

    private static String diff(String expected, String actual) {
        Set<String> before = new LinkedHashSet<>(List.of(expected.split("\n")));
        Set<String> after = new LinkedHashSet<>(List.of(actual.split("\n")));
        StringBuilder sb = new StringBuilder();
        before.stream().filter(l -> !after.contains(l)).forEach(l -> sb.append("- ").append(l).append('\n'));
        after.stream().filter(l -> !before.contains(l)).forEach(l -> sb.append("+ ").append(l).append('\n'));
        return sb.toString();
    }
}
