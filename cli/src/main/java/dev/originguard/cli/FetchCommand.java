package dev.originguard.cli;

import dev.originguard.internal.FileReplacement;
import dev.originguard.internal.Sha256;
import dev.originguard.AddressSet;
import dev.originguard.ConfigurationException;
import dev.originguard.source.RefreshSettings;
import dev.originguard.source.SourceFetch;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fetch SOURCE --out FILE [--previous FILE]}: one source, validated as a refresh, written as a list. */
@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch one range source (cloudflare, aws:CLOUDFRONT_ORIGIN_FACING@URL, fastly, a URL, ...)"
                + " with the validation of a refresh: all-or-nothing, the minimum prefixes, and the largest drop and"
                + " growth against --previous. Writes a text list with a header comment (source, time, SHA-256),"
                + " for a scheduled job that keeps reviewed lists in git; the file names it as file:FILE.",
                "Exit 1 when the list is refused: nothing is written."})
final class FetchCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "One range source, as in a setting.")
    String source;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the list.")
    Path out;

    @Option(names = "--previous", paramLabel = "FILE",
            description = "The last reviewed list, for the drop and growth checks (often the same as --out).")
    Path previous;

    @Option(names = "--max-drop", paramLabel = "FRACTION",
            description = "The largest fraction of --previous the list may drop (default 0.5).")
    Double maxDrop;

    @Option(names = "--max-growth", paramLabel = "FRACTION",
            description = "The largest fraction by which the list may grow --previous (default 1.0).")
    Double maxGrowth;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PrintWriter console = cli.getOut();
        RefreshSettings.Builder settings = RefreshSettings.builder();
        try {
            if (maxDrop != null) {
                settings.maxDropFraction(maxDrop);
            }
            if (maxGrowth != null) {
                settings.maxGrowthFraction(maxGrowth);
            }
        } catch (ConfigurationException e) {
            throw new CommandLine.ParameterException(cli, e.getMessage());
        }
        RefreshSettings refresh = settings.build();
        AddressSet before = null;
        if (previous != null) {
            Inputs.existing(previous, cli.getErr());
            before = readPrevious(cli);
        }
        SourceFetch fetched;
        try {
            fetched = SourceFetch.fetch(source, before, refresh);
        } catch (ConfigurationException e) {
            cli.getErr().println("error: " + e.getMessage());
            if (e.getMessage().contains("maxDropFraction") || e.getMessage().contains("maxGrowthFraction")) {
                cli.getErr().println("error: if the change is real and reviewed, run once with --max-drop or "
                        + "--max-growth");
            }
            cli.getErr().println("error: nothing written; " + out + " is unchanged");
            return OriginGuardCli.FINDING;
        }
        List<String> cidrs = fetched.set().cidrs();
        StringBuilder body = new StringBuilder();
        for (String cidr : cidrs) {
            body.append(cidr).append('\n');
        }
        String text = "# OriginGuard range list, written by originguard-cli fetch\n"
                + "# source " + fetched.source() + "\n"
                + "# from " + fetched.location() + "\n"
                + "# fetched " + fetched.fetchedAt() + "\n"
                + "# sha256 " + Sha256.hex(body.toString()) + " (of the list below)\n"
                + "# sha256 " + fetched.bodySha256() + " (of the document as received)\n"
                + body;
        try {
            FileReplacement.write(out, text);
        } catch (IOException e) {
            cli.getErr().println("error: " + out + ": cannot write: " + e);
            return OriginGuardCli.FINDING;
        }
        console.println("wrote " + out + ": " + cidrs.size() + " CIDR blocks from " + fetched.source() + " ("
                + fetched.location() + ")");
        if (before != null) {
            List<String> added = AddressDifference.minus(fetched.set(), before);
            List<String> removed = AddressDifference.minus(before, fetched.set());
            console.println("against " + previous + ": " + added.size() + " added, " + removed.size() + " removed");
            added.forEach(c -> console.println("  + " + c));
            removed.forEach(c -> console.println("  - " + c));
        }
        console.flush();
        return OriginGuardCli.OK;
    }

    private AddressSet readPrevious(CommandLine cli) {
        try {
            return SourceFetch.readList(previous, RefreshSettings.defaults());
        } catch (ConfigurationException e) {
            cli.getErr().println("error: --previous " + e.getMessage());
            throw new Inputs.Stop(OriginGuardCli.FINDING);
        }
    }

}
