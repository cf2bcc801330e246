package dev.originguard;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * The TLS client certificate a trusted proxy must present, as the servlet container verified it (the
 * {@code jakarta.servlet.request.X509Certificate} attribute): proof that a request from a shared CDN range
 * came through your account, as Cloudflare's Authenticated Origin Pulls give it. A peer in the trusted
 * ranges without a matching certificate is treated as a direct request ({@link PeerCheck#UNVERIFIED}), like
 * one without the origin secret.
 *
 * <p>Written {@code sha256:<hex>}, {@code subject:<DN>} and {@code issuer:<DN>}, separated by {@code ;}
 * (DNs hold commas). Several values of one kind are alternatives (for a rotation); kinds are all required:
 * {@code issuer:CN=CA; subject:CN=pull} needs both. Fingerprints ignore case and {@code :}; DNs compare as
 * {@link X500Principal}s (RFC 2253 canonical form). A subject or issuer is only as good as the container's
 * trust store: trust only the CA that issues the proxy's certificate. Immutable and thread-safe.
 */
public final class ProxyCertificate {

    private static final String SETTING = "proxyCertificate";

    private final List<byte[]> fingerprints;
    private final List<X500Principal> subjects;
    private final List<X500Principal> issuers;
    private final String text;
    // The last certificate accepted: containers hand the same object for every request of a TLS session.
    private volatile X509Certificate lastAccepted;

    private ProxyCertificate(List<byte[]> fingerprints, List<X500Principal> subjects, List<X500Principal> issuers,
            String text) {
        this.fingerprints = fingerprints;
        this.subjects = subjects;
        this.issuers = issuers;
        this.text = text;
    }

    /**
     * The requirement written in {@code text}, or null when it is blank or {@code none}.
     *
     * @throws ConfigurationException naming {@code proxyCertificate}, the bad value and why
     */
    public static ProxyCertificate parse(String text) {
        Objects.requireNonNull(text, SETTING);
        if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
            return null;
        }
        List<byte[]> fingerprints = new ArrayList<>();
        List<X500Principal> subjects = new ArrayList<>();
        List<X500Principal> issuers = new ArrayList<>();
        for (String part : text.split(";")) {
            String value = part.strip();
            if (value.isEmpty()) {
                continue;
            }
            int colon = value.indexOf(':');
            String kind = colon < 0 ? "" : value.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String rest = colon < 0 ? "" : value.substring(colon + 1).strip();
            switch (kind) {
                case "sha256" -> fingerprints.add(fingerprint(value, rest));
                case "subject" -> subjects.add(principal(value, rest));
                case "issuer" -> issuers.add(principal(value, rest));
                default -> throw new ConfigurationException(SETTING, value,
                        "is not sha256:<hex>, subject:<DN> or issuer:<DN> (separate values with ';')");
            }
        }
        if (fingerprints.isEmpty() && subjects.isEmpty() && issuers.isEmpty()) {
            return null;
        }
        return new ProxyCertificate(List.copyOf(fingerprints), List.copyOf(subjects), List.copyOf(issuers),
                text.strip());
    }

    private static byte[] fingerprint(String value, String hex) {
        String digits = hex.replace(":", "");
        if (digits.length() != 64 || !digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new ConfigurationException(SETTING, value, "is not a SHA-256 fingerprint (64 hex digits, ':' allowed)");
        }
        return HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
    }

    private static X500Principal principal(String value, String dn) {
        try {
            return new X500Principal(dn);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(SETTING, value, "is not a distinguished name: " + e.getMessage());
        }
    }

    /**
     * Whether the chain's first certificate (the peer's own) meets every configured kind; false for a null or
     * empty chain.
     */
    public boolean matches(X509Certificate[] chain) {
        if (chain == null || chain.length == 0 || chain[0] == null) {
            return false;
        }
        X509Certificate cert = chain[0];
        if (cert == lastAccepted) {
            return true;
        }
        boolean ok = (subjects.isEmpty() || subjects.contains(cert.getSubjectX500Principal()))
                && (issuers.isEmpty() || issuers.contains(cert.getIssuerX500Principal()))
                && (fingerprints.isEmpty() || fingerprintMatches(cert));
        if (ok) {
            lastAccepted = cert;
        }
        return ok;
    }

    private boolean fingerprintMatches(X509Certificate cert) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            return false;
        }
        for (byte[] f : fingerprints) {
            if (MessageDigest.isEqual(f, digest)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
