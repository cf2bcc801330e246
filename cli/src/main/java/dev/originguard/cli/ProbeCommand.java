package dev.originguard.cli;

import dev.originguard.AddressSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code probe URL [--forged-ip IP]}: an external self-test of a live origin, run from outside the proxy.
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
        description = {"Check a live origin from outside the proxy: a direct request must get 403 from a locked"
                + " origin, and forged forwarding headers (X-Forwarded-For, Forwarded, X-Real-IP, CF-Connecting-IP,"
                + " True-Client-IP) must not unlock it. With --echo-header (a response header the origin sets to"
                + " the client address it resolved, which the operator must opt in to), the forged address must"
                + " not be believed either; otherwise only the status is checked.",
                "Run it from a machine that is not a trusted proxy and not in directAllow. Exit 1 on a hole."})
final class ProbeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "URL", description = "The origin's URL, reached directly (not the CDN).")
    URI url;

    @Option(names = "--forged-ip", paramLabel = "IP", defaultValue = "203.0.113.66",
            description = "The client address the forged headers claim (default ${DEFAULT-VALUE}).")
    String forgedIp;

    @Option(names = "--echo-header", paramLabel = "NAME",
            description = "A response header in which the origin reports the client address it resolved.")
    String echoHeader;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Per request (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine cli = spec.commandLine();
        PrintWriter out = cli.getOut();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new CommandLine.ParameterException(cli, url + " is not an http:// or https:// URL");
        }
        if (!isAddress(forgedIp)) {
            throw new CommandLine.ParameterException(cli, "--forged-ip " + forgedIp + " is not an IP address");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeoutSeconds))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        int holes = 0;
        HttpResponse<String> direct;
        try {
            direct = send(client, Map.of());
        } catch (IOException e) {
            cli.getErr().println("error: " + url + ": no answer: " + e);
            return OriginGuardCli.FINDING;
        }
        if (direct.statusCode() == 403) {
            out.println("ok    direct request: 403, the origin is locked");
        } else {
            out.println("HOLE  direct request: " + direct.statusCode() + ", expected 403: the origin answers requests"
                    + " that did not come through the proxy (lockOrigin is not on, or this machine is a trusted"
                    + " proxy or in directAllow)");
            holes++;
        }
        Map<String, String> forged = new LinkedHashMap<>();
        forged.put("X-Forwarded-For", forgedIp);
        forged.put("Forwarded", "for=" + (forgedIp.indexOf(':') >= 0 ? "\"[" + forgedIp + "]\"" : forgedIp));
        forged.put("X-Real-IP", forgedIp);
        forged.put("CF-Connecting-IP", forgedIp);
        forged.put("True-Client-IP", forgedIp);
        HttpResponse<String> spoofed;
        try {
            spoofed = send(client, forged);
        } catch (IOException e) {
            cli.getErr().println("error: " + url + ": no answer to the forged request: " + e);
            return OriginGuardCli.FINDING;
        }
        if (spoofed.statusCode() == 403) {
            out.println("ok    forged forwarding headers claiming " + forgedIp + ": 403, not believed");
        } else if (direct.statusCode() == 403) {
            out.println("HOLE  forged forwarding headers claiming " + forgedIp + ": " + spoofed.statusCode()
                    + ", but 403 without them: a forged header unlocks the origin");
            holes++;
        } else {
            out.println("note  forged forwarding headers claiming " + forgedIp + ": " + spoofed.statusCode());
        }
        if (echoHeader != null) {
            String echoed = spoofed.headers().firstValue(echoHeader).orElse(null);
            if (echoed == null) {
                out.println("note  " + echoHeader + " is not in the response" + (spoofed.statusCode() == 403
                        ? " (the request was refused before the application)" : ": the origin does not echo it"));
            } else if (AddressSet.of(forgedIp).contains(echoed.strip())) {
                out.println("HOLE  " + echoHeader + ": " + echoed.strip() + ": the origin believed the forged address");
                holes++;
            } else {
                out.println("ok    " + echoHeader + ": " + echoed.strip() + ", not the forged address");
            }
        }
        out.println(holes == 0 ? "no hole found" : holes + (holes == 1 ? " hole" : " holes"));
        out.flush();
        return holes == 0 ? OriginGuardCli.OK : OriginGuardCli.FINDING;
    }

    // One address, written as one: not a CIDR, range or preset.
    private static boolean isAddress(String text) {
        if (!text.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            java.util.List<String> cidrs = AddressSet.of(text).cidrs();
            return cidrs.size() == 1 && (cidrs.get(0).endsWith("/32") || cidrs.get(0).endsWith("/128"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private HttpResponse<String> send(HttpClient client, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(timeoutSeconds)).GET()
                .header("User-Agent", "originguard-cli probe");
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
