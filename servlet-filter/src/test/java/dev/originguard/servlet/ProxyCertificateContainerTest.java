package dev.originguard.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.DispatcherType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code proxyCertificate} over real HTTPS with client authentication ("want") on embedded Tomcat and Jetty,
 * with certificates made in the test by the JDK's keytool: a peer in the trusted range is a trusted proxy only
 * when the certificate the container verified matches; with another certificate, or none, it is a direct
 * request (rule DIRECT, its X-Forwarded-For ignored), like a request without the origin secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyCertificateContainerTest {

    private static final String PASSWORD = "changeit";
    private static final String PROXY_DN = "CN=origin-pull.test,O=Proxy";
    private static final String STRANGER_DN = "CN=stranger.test,O=Other";

    private Path dir;
    private String proxyFingerprint;
    private String strangerFingerprint;
    private final Map<String, AutoCloseable> servers = new ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new ConcurrentHashMap<>();

    @BeforeAll
    void makeCertificates() throws Exception {
        dir = Files.createTempDirectory("originguard-mtls");
        keypair("server", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        keypair("proxy", PROXY_DN);
        keypair("stranger", STRANGER_DN);
        for (String name : new String[] {"proxy", "stranger"}) {
            keytool("-exportcert", "-alias", name, "-keystore", p12(name), "-storepass", PASSWORD,
                    "-file", dir.resolve(name + ".cer").toString());
            keytool("-importcert", "-noprompt", "-alias", name, "-file", dir.resolve(name + ".cer").toString(),
                    "-keystore", p12("trust"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        }
        keytool("-exportcert", "-alias", "server", "-keystore", p12("server"), "-storepass", PASSWORD,
                "-file", dir.resolve("server.cer").toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", dir.resolve("server.cer").toString(),
                "-keystore", p12("clienttrust"), "-storetype", "PKCS12", "-storepass", PASSWORD);
        proxyFingerprint = fingerprint("proxy");
        strangerFingerprint = fingerprint("stranger");
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable server : servers.values()) {
            server.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @ParameterizedTest(name = "{0} {1} presented by {2}")
    @CsvSource(delimiter = '|', value = {
        "tomcat | fingerprint          | proxy    | 198.51.100.7 | FORWARDED",
        "tomcat | fingerprint          | stranger | 127.0.0.1    | DIRECT",
        "tomcat | fingerprint          | none     | 127.0.0.1    | DIRECT",
        "tomcat | rotation             | proxy    | 198.51.100.7 | FORWARDED",
        "tomcat | subject              | proxy    | 198.51.100.7 | FORWARDED",
        "tomcat | subject              | stranger | 127.0.0.1    | DIRECT",
        "tomcat | issuer-and-subject   | proxy    | 127.0.0.1    | DIRECT",
        "jetty  | fingerprint          | proxy    | 198.51.100.7 | FORWARDED",
        "jetty  | fingerprint          | stranger | 127.0.0.1    | DIRECT",
        "jetty  | fingerprint          | none     | 127.0.0.1    | DIRECT",
        "jetty  | subject              | proxy    | 198.51.100.7 | FORWARDED",
        "jetty  | issuer-and-subject   | proxy    | 127.0.0.1    | DIRECT",
    })
    void aTrustedPeerIsAProxyOnlyWithTheCertificate(String container, String config, String presented,
            String client, String rule) throws Exception {
        int port = server(container, config);

        Map<String, String> probe = get(port, presented);

        assertThat(probe).containsEntry("remoteAddr", client).containsEntry("rule", rule);
    }

    private String requirement(String config) {
        return switch (config) {
            case "fingerprint" -> "sha256:" + proxyFingerprint;
            case "rotation" -> "sha256:" + strangerFingerprint.replace('a', 'b').replace('1', '2') + "; sha256:"
                    + colons(proxyFingerprint);
            case "subject" -> "subject:CN=origin-pull.test, O=Proxy";
            // Self-signed, so the proxy's issuer is its subject: both kinds are required, and the subject fails.
            case "issuer-and-subject" -> "issuer:" + PROXY_DN + "; subject:" + STRANGER_DN;
            default -> throw new IllegalArgumentException(config);
        };
    }

    private int server(String container, String config) {
        return ports.computeIfAbsent(container + "|" + config, key -> {
            Map<String, String> params = new HashMap<>(Map.of("trustedProxies", "127.0.0.1",
                    "proxyCertificate", requirement(config)));
            try {
                return container.equals("tomcat") ? tomcat(key, params) : jetty(key, params);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private int tomcat(String key, Map<String, String> params) throws Exception {
        Path base = Files.createDirectories(dir.resolve(key.replace('|', '-')));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.setSecure(true);
        connector.setScheme("https");
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig host = new SSLHostConfig();
        host.setCertificateVerification("optional");
        host.setTruststoreFile(p12("trust"));
        host.setTruststorePassword(PASSWORD);
        host.setTruststoreType("PKCS12");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(p12("server"));
        certificate.setCertificateKeystorePassword(PASSWORD);
        certificate.setCertificateKeystoreType("PKCS12");
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        TomcatFilterContainer.addServlet(context, "probe", new ProbeServlet(), "/", "/probe");
        TomcatFilterContainer.addOriginGuard(context, params);
        tomcat.start();
        servers.put(key, () -> {
            tomcat.stop();
            tomcat.destroy();
        });
        assertThat(context.getState().isAvailable()).as("the filter started").isTrue();
        return connector.getLocalPort();
    }

    private int jetty(String key, Map<String, String> params) throws Exception {
        Server server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStorePath(p12("server"));
        tls.setKeyStorePassword(PASSWORD);
        tls.setKeyStoreType("PKCS12");
        tls.setTrustStorePath(p12("trust"));
        tls.setTrustStorePassword(PASSWORD);
        tls.setTrustStoreType("PKCS12");
        tls.setWantClientAuth(true);
        HttpConfiguration https = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new ProbeServlet()), "/probe");
        FilterHolder holder = new FilterHolder(OriginGuardFilter.class);
        holder.setInitParameters(params);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
        server.setHandler(context);
        server.start();
        servers.put(key, server::stop);
        assertThat(context.isAvailable()).as("the filter started").isTrue();
        return connector.getLocalPort();
    }

    /** GET /probe over TLS from 127.0.0.1 (a trusted peer), presenting {@code certificate}'s key or none. */
    private Map<String, String> get(int port, String certificate) throws Exception {
        KeyManagerFactory keys = null;
        if (!certificate.equals("none")) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(certificate), PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("clienttrust"));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress("127.0.0.1", 0));
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        plain.setSoTimeout(15_000);
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket(plain, "localhost", port, true)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /probe HTTP/1.0\r\nHost: localhost\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            Map<String, String> values = new HashMap<>();
            for (String line : response.substring(response.indexOf("\r\n\r\n") + 4).split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(line.substring(0, eq), line.substring(eq + 1).strip());
                }
            }
            return values;
        }
    }

    private KeyStore load(String name) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(p12(name)))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private String fingerprint(String name) throws Exception {
        Certificate cert = load(name).getCertificate(name);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    private static String colons(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            sb.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return sb.toString().toUpperCase(java.util.Locale.ROOT);
    }

    private String p12(String name) {
        return dir.resolve(name + ".p12").toString();
    }

    private void keypair(String alias, String dn, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dn, "-validity", "2", "-storetype", "PKCS12", "-keystore", p12(alias),
                "-storepass", PASSWORD));
        args.addAll(List.of(extra));
        keytool(args.toArray(String[]::new));
    }

    private void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("keytool %s: %s", String.join(" ", args), output).isZero();
    }
}
