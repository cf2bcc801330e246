package dev.originguard.cli;

import dev.originguard.ConfigurationException;
import dev.originguard.policy.PolicyFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code validate FILE [--strict]}: every error, then warnings for risky set-ups; a CI gate. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a policy file, web.xml or Spring application file as the filter would at start-up,"
                + " without fetching anything: every error with its file, line, setting, value and reason, then"
                + " warnings for risky but legal set-ups.",
                "Exit 1 on an error, or on a warning with --strict."})
final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The policy, web.xml or application file.")
    Path file;

    @Option(names = "--strict", description = "Fail on warnings too.")
    boolean strict;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<PolicyFile> policies = Inputs.policies(file, spec.commandLine().getErr());
        int errors = 0;
        int warnings = 0;
        for (PolicyFile policy : policies) {
            String name = policy.format() == PolicyFile.Format.WEB_XML ? file + " filter " + policy.name()
                    : file.toString();
            for (String note : policy.skipped()) {
                out.println("note: " + note);
            }
            List<ConfigurationException> refusals = policy.check();
            for (ConfigurationException e : refusals) {
                out.println("error: " + e.getMessage());
            }
            errors += refusals.size();
            if (!refusals.isEmpty()) {
                out.println(name + ": INVALID, " + refusals.size() + (refusals.size() == 1 ? " error" : " errors"));
                continue;
            }
            List<String> found = Warnings.of(policy, policy.settings());
            for (String w : found) {
                out.println("warning: " + w);
            }
            warnings += found.size();
            out.println(name + ": valid (" + policy.texts().size() + " settings, " + policy.format()
                    .name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")"
                    + (found.isEmpty() ? "" : ", " + found.size() + (found.size() == 1 ? " warning" : " warnings")));
        }
        return errors > 0 || (strict && warnings > 0) ? OriginGuardCli.FINDING : OriginGuardCli.OK;
    }
}
