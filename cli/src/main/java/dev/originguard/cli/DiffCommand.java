package dev.originguard.cli;

import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import dev.originguard.explain.StartedSets;
import dev.originguard.policy.PolicyFile;
import dev.originguard.settings.Setting;
import dev.originguard.source.RangeOrigin;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.SourceFetch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code diff OLD NEW}: CIDRs added and removed per set, and settings changed; exit 1 when anything changed. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two policies (CIDR blocks added and removed in each address set, and other settings"
                + " changed), or two provider list snapshots (text lists as fetch writes them, or a provider's"
                + " own format with --source).", "Exit 1 when anything changed."})
final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "OLD", description = "The file before.")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "The file after.")
    Path newFile;

    @Option(names = "--source", paramLabel = "PROVIDER",
            description = "Read both files as this provider's list format: cloudflare, fastly, aws:CLOUDFRONT, ...")
    String source;

    @Option(names = "--filter", paramLabel = "NAME", description = "The filter-name, for web.xml files with several.")
    String filter;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PrintWriter out = cli.getOut();
        Inputs.existing(oldFile, cli.getErr());
        Inputs.existing(newFile, cli.getErr());
        boolean oldList = source != null || isList(oldFile);
        boolean newList = source != null || isList(newFile);
        if (oldList != newList) {
            throw new CommandLine.ParameterException(cli, "compare a list with a list, or a policy with a policy: "
                    + (oldList ? oldFile : newFile) + " is a list, " + (oldList ? newFile : oldFile) + " is not");
        }
        try {
            int changes;
            if (oldList) {
                changes = print(out, "list", readList(oldFile), readList(newFile));
            } else {
                changes = policies(out, cli);
            }
            out.println(changes == 0 ? "no change" : changes + (changes == 1 ? " change" : " changes"));
            out.flush();
            return changes == 0 ? OriginGuardCli.OK : OriginGuardCli.FINDING;
        } catch (ConfigurationException e) {
            cli.getErr().println("error: " + e.getMessage());
            return OriginGuardCli.FINDING;
        }
    }

    private int policies(PrintWriter out, CommandLine cli) {
        PolicyFile before = Inputs.policy(oldFile, filter, cli);
        PolicyFile after = Inputs.policy(newFile, filter, cli);
        int changes = 0;
        try (StartedSets a = StartedSets.start(Inputs.settings(before, cli.getErr()));
                StartedSets b = StartedSets.start(Inputs.settings(after, cli.getErr()))) {
            Set<String> names = new LinkedHashSet<>(a.ranges().keySet());
            names.addAll(b.ranges().keySet());
            for (String name : names) {
                changes += print(out, name, union(a.ranges().get(name)), union(b.ranges().get(name)));
            }
        }
        for (Setting s : Setting.values()) {
            if (s.kind() == Setting.Kind.ADDRESSES || s == Setting.CLIENT_IP_SOURCES) {
                if (s == Setting.CLIENT_IP_SOURCES && !same(before, after, s)) {
                    out.println("setting " + s.key() + ": " + shown(before, s) + " -> " + shown(after, s));
                    changes++;
                }
                continue; // the CIDR blocks above say what changed
            }
            if (!same(before, after, s)) {
                out.println("setting " + s.key() + ": " + shown(before, s) + " -> " + shown(after, s));
                changes++;
            }
        }
        return changes;
    }

    private static boolean same(PolicyFile a, PolicyFile b, Setting s) {
        return java.util.Objects.equals(a.texts().get(s) == null ? null : a.texts().get(s).strip(),
                b.texts().get(s) == null ? null : b.texts().get(s).strip());
    }

    private static String shown(PolicyFile p, Setting s) {
        String v = p.texts().get(s);
        if (v == null) {
            return "(unset)";
        }
        return s.kind() == Setting.Kind.SECRET ? "(a secret)" : "'" + v.strip() + "'";
    }

    private static AddressSet union(List<RangeOrigin> ranges) {
        AddressSet.Builder b = AddressSet.builder();
        if (ranges != null) {
            for (RangeOrigin r : ranges) {
                b.add(r.cidr(), "diff");
            }
        }
        return b.build();
    }

    private static int print(PrintWriter out, String name, AddressSet before, AddressSet after) {
        List<String> added = AddressDifference.minus(after, before);
        List<String> removed = AddressDifference.minus(before, after);
        if (added.isEmpty() && removed.isEmpty()) {
            return 0;
        }
        out.println(name + ": " + added.size() + " added, " + removed.size() + " removed");
        added.forEach(c -> out.println("  + " + c));
        removed.forEach(c -> out.println("  - " + c));
        return added.size() + removed.size();
    }

    private AddressSet readList(Path file) {
        if (source != null) {
            return SourceFetch.fetch(source + "@file:" + file.toAbsolutePath(), null, RefreshSettings.defaults()).set();
        }
        return SourceFetch.readList(file, RefreshSettings.defaults());
    }

    // A text list: every line that is not a comment is an address, CIDR or range.
    static boolean isList(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return false;
        }
        boolean any = false;
        for (String raw : text.split("\r\n|\r|\n")) {
            String line = raw.strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            if (!line.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '/'
                    || c == '-')) {
                return false;
            }
            any = true;
        }
        return any;
    }

}
