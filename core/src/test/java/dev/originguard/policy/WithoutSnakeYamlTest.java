package dev.originguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SnakeYAML is an optional dependency of core: without it on the class path a YAML file is refused with the
 * dependency to add, and a .properties policy still reads. Core is loaded here in a class loader that holds
 * core, ipaddress and slf4j only.
 */
class WithoutSnakeYamlTest {

    @TempDir
    Path dir;

    private static URL codeOf(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    @Test
    void yamlIsRefusedWithTheDependencyToAddAndPropertiesStillRead() throws Exception {
        Path yaml = dir.resolve("policy.yaml");
        Files.writeString(yaml, "originguard:\n  trusted-proxies: 10.0.0.0/16\n");
        Path properties = dir.resolve("policy.properties");
        Files.writeString(properties, "trustedProxies = 10.0.0.0/16\n");
        URL[] urls = {codeOf(PolicyFile.class), codeOf(inet.ipaddr.IPAddress.class), codeOf(org.slf4j.Logger.class)};
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            assertThat(loader.loadClass("dev.originguard.policy.PolicyFile").getClassLoader()).isSameAs(loader);
            Class<?> policyFile = loader.loadClass("dev.originguard.policy.PolicyFile");
            var read = policyFile.getMethod("read", Path.class);

            Throwable refused = null;
            try {
                read.invoke(null, yaml);
            } catch (InvocationTargetException e) {
                refused = e.getCause();
            }
            List<?> read2 = (List<?>) read.invoke(null, properties);

            assertThat(refused).isNotNull();
            assertThat(refused.getClass().getName()).isEqualTo("dev.originguard.ConfigurationException");
            assertThat(refused.getMessage()).startsWith(yaml.toString()).contains("org.yaml:snakeyaml");
            assertThat(read2).hasSize(1);
        }
    }
}
