package dev.originguard.cli;

import dev.originguard.ConfigurationException;
import dev.originguard.explain.ExplainRequest;
import dev.originguard.explain.Explanation;
import dev.originguard.explain.LockDecision;
import dev.originguard.explain.StartedSets;
import dev.originguard.policy.PolicyFile;
import dev.originguard.settings.OriginGuardSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code explain FILE --peer IP [--header 'Name: value']... [--path /p] [--method M] [--json]}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Say why a request gets the client it gets, step by step: whether the peer is trusted and by"
                + " which entry or source range, each hop walked from the right with what trusted it, the client,"
                + " the rule, whether it is known, the lock's decision, and the rate-limit key, rule and exemption.",
                "Range sources are loaded as the filter loads them (fetched, or read from the cache directory).",
                "Exit 1 when the lock refuses the request."})
final class ExplainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy, web.xml or application file.")
    Path file;

    @Option(names = "--peer", required = true, paramLabel = "IP", description = "The TCP peer of the request.")
    String peer;

    @Option(names = {"--header", "-H"}, paramLabel = "'Name: value'",
            description = "A header line of the request; repeat for more (a name given twice is two lines).")
    List<String> headers = new ArrayList<>();

    @Option(names = "--path", paramLabel = "/p", description = "The raw request path (default /).")
    String path;

    @Option(names = "--method", paramLabel = "M", description = "The HTTP method (default GET).")
    String method;

    @Option(names = "--filter", paramLabel = "NAME", description = "The filter-name, for a web.xml with several.")
    String filter;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        List<ExplainRequest.Header> lines = new ArrayList<>();
        for (String h : headers) {
            try {
                lines.add(ExplainRequest.Header.parse(h));
            } catch (ConfigurationException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            }
        }
        PolicyFile policy = Inputs.policy(file, filter, cli);
        OriginGuardSettings settings = Inputs.settings(policy, cli.getErr());
        try (StartedSets sets = StartedSets.start(settings)) {
            Explanation e = sets.explainer().explain(new ExplainRequest(peer, lines, method, path));
            cli.getOut().print(json ? e.json() + "\n" : e.text());
            cli.getOut().flush();
            return e.lock() == LockDecision.REFUSE ? OriginGuardCli.FINDING : OriginGuardCli.OK;
        } catch (ConfigurationException e) {
            cli.getErr().println("error: " + e.getMessage());
            return OriginGuardCli.FINDING;
        }
    }
}
