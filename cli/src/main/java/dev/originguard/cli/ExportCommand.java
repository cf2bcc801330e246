package dev.originguard.cli;

import dev.originguard.ConfigurationException;
import dev.originguard.explain.StartedSets;
import dev.originguard.internal.JsonText;
import dev.originguard.policy.PolicyFile;
import dev.originguard.settings.OriginGuardSettings;
import dev.originguard.source.RangeOrigin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code export FILE [--set NAME] [--json]}: every effective CIDR of each set with its provenance. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"List every CIDR block in force in each address set, with where it came from: the entry as"
                + " written, or the source with its (redacted) location and fetch time."})
final class ExportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy, web.xml or application file.")
    Path file;

    @Option(names = "--set", paramLabel = "NAME",
            description = "Only this set: trustedProxies, directAllow, rateLimitExempt, clientIpSources[Header], ...")
    String set;

    @Option(names = "--filter", paramLabel = "NAME", description = "The filter-name, for a web.xml with several.")
    String filter;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PolicyFile policy = Inputs.policy(file, filter, cli);
        OriginGuardSettings settings = Inputs.settings(policy, cli.getErr());
        try (StartedSets sets = StartedSets.start(settings)) {
            Map<String, List<RangeOrigin>> ranges = new LinkedHashMap<>(sets.ranges());
            if (set != null) {
                if (!ranges.containsKey(set)) {
                    throw new CommandLine.ParameterException(cli, "--set " + set + " is not a set of " + file
                            + " (sets: " + String.join(", ", ranges.keySet()) + ")");
                }
                ranges.keySet().retainAll(List.of(set));
            }
            PrintWriter out = cli.getOut();
            if (json) {
                out.println(json(ranges));
            } else {
                ranges.forEach((name, blocks) -> {
                    out.println(name + " (" + blocks.size() + (blocks.size() == 1 ? " block)" : " blocks)"));
                    for (RangeOrigin r : blocks) {
                        out.println("  " + pad(r.cidr()) + "  " + r.entry() + (r.fromSource() ? "  " + r.location()
                                + (r.fetchedAt() != null ? "  loaded " + r.fetchedAt() : "")
                                + (r.fromCache() ? "  (from the cache file)" : "") : ""));
                    }
                });
            }
            out.flush();
            return OriginGuardCli.OK;
        } catch (ConfigurationException e) {
            cli.getErr().println("error: " + e.getMessage());
            return OriginGuardCli.FINDING;
        }
    }

    static String json(Map<String, List<RangeOrigin>> ranges) {
        StringBuilder sb = new StringBuilder("{\"sets\":{");
        boolean firstSet = true;
        for (Map.Entry<String, List<RangeOrigin>> e : ranges.entrySet()) {
            sb.append(firstSet ? "" : ",").append(JsonText.quote(e.getKey())).append(":[");
            firstSet = false;
            boolean first = true;
            for (RangeOrigin r : e.getValue()) {
                sb.append(first ? "" : ",").append("{\"cidr\":").append(JsonText.quote(r.cidr()))
                        .append(",\"entry\":").append(JsonText.quote(r.entry()))
                        .append(",\"location\":").append(JsonText.quote(r.location()))
                        .append(",\"fetchedAt\":").append(JsonText.quote(r.fetchedAt() == null ? null
                                : r.fetchedAt().toString()))
                        .append(",\"fromCache\":").append(r.fromCache()).append('}');
                first = false;
            }
            sb.append(']');
        }
        return sb.append("}}").toString();
    }

    private static String pad(String cidr) {
        return cidr.length() >= 20 ? cidr : cidr + " ".repeat(20 - cidr.length());
    }
}
