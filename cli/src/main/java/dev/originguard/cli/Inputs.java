package dev.originguard.cli;

import dev.originguard.ConfigurationException;
import dev.originguard.policy.PolicyFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/** Reading the files the commands are given: a missing file is a usage error, a bad one a finding. */
final class Inputs {

    /** A command's input could not be used; the exit code to return and the message already printed. */
    static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int code;

        Stop(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    private Inputs() {
    }

    /** The file, or a usage error when it is not a readable file. */
    static Path existing(Path file, PrintWriter err) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            err.println("originguard-cli: " + file + ": no such readable file");
            throw new Stop(OriginGuardCli.USAGE);
        }
        return file;
    }

    /** Every policy in the file (one per OriginGuardFilter of a web.xml), or a finding when it cannot be read. */
    static List<PolicyFile> policies(Path file, PrintWriter err) {
        existing(file, err);
        try {
            List<PolicyFile> all = PolicyFile.read(file);
            if (all.isEmpty()) {
                err.println("error: " + file + ": declares no OriginGuardFilter");
                throw new Stop(OriginGuardCli.FINDING);
            }
            return all;
        } catch (ConfigurationException e) {
            err.println("error: " + e.getMessage());
            throw new Stop(OriginGuardCli.FINDING);
        }
    }

    /** The one policy a command works on: the only one, or the filter named with {@code --filter}. */
    static PolicyFile policy(Path file, String filter, CommandLine cli) {
        PrintWriter err = cli.getErr();
        List<PolicyFile> all = policies(file, err);
        if (filter != null) {
            return all.stream().filter(p -> p.name().equals(filter)).findFirst().orElseThrow(() -> {
                err.println("originguard-cli: " + file + " has no OriginGuardFilter named " + filter + " (it has: "
                        + String.join(", ", all.stream().map(PolicyFile::name).toList()) + ")");
                return new Stop(OriginGuardCli.USAGE);
            });
        }
        if (all.size() > 1) {
            err.println("originguard-cli: " + file + " declares " + all.size() + " OriginGuardFilters ("
                    + String.join(", ", all.stream().map(PolicyFile::name).toList()) + "): name one with --filter");
            throw new Stop(OriginGuardCli.USAGE);
        }
        return all.get(0);
    }

    /** The policy's settings, or a finding listing every refusal with its file and line. */
    static dev.originguard.settings.OriginGuardSettings settings(PolicyFile policy, PrintWriter err) {
        List<ConfigurationException> refusals = policy.check();
        if (!refusals.isEmpty()) {
            for (ConfigurationException e : refusals) {
                err.println("error: " + e.getMessage());
            }
            throw new Stop(OriginGuardCli.FINDING);
        }
        return policy.settings();
    }
}
