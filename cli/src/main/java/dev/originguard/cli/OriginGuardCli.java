package dev.originguard.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar originguard-cli.jar COMMAND}: the security team's tool for an OriginGuard policy. Every
 * command reads a policy file ({@code .properties} with init-param names, or YAML with {@code originguard.*}
 * names), a {@code web.xml} (the init-params of each {@code OriginGuardFilter}) or a Spring Boot
 * {@code application.properties}/{@code .yml}, told apart by content, through the same settings table and
 * validation as the filter. Exit codes: 0 fine, 1 a finding (invalid, changed, refused, a hole), 2 a usage
 * error (an unknown option, a missing file).
 */
@Command(name = "originguard-cli", mixinStandardHelpOptions = true, versionProvider = OriginGuardCli.Version.class,
        description = "Validate, explain, export and diff OriginGuard policies; fetch provider lists; probe an origin.",
        subcommands = {ValidateCommand.class, ExplainCommand.class, ExportCommand.class, DiffCommand.class,
                FetchCommand.class, ProbeCommand.class},
        footer = {"", "Exit codes: 0 fine, 1 a finding (invalid, changed, refused, a hole), 2 a usage error."})
public final class OriginGuardCli implements Runnable {

    /** Exit code: nothing found. */
    static final int OK = 0;
    /** Exit code: a finding (invalid, changed, refused, a hole). */
    static final int FINDING = 1;
    /** Exit code: a usage error. */
    static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs one command and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command, printing to {@code out} and {@code err}; the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new OriginGuardCli());
        cli.setOut(out);
        cli.setErr(err);
        // An exception escaping a command is a bug or an input the command did not expect: say it in one
        // line, and count it as a finding, never as success.
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof Inputs.Stop stop) {
                return stop.code; // the command has said why
            }
            command.getErr().println("originguard-cli: " + e.getMessage());
            return FINDING;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: validate, explain, export, "
                + "diff, fetch or probe");
    }

    /** The version in the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = OriginGuardCli.class.getPackage().getImplementationVersion();
            return new String[] {"originguard-cli " + (version == null ? "(development build)" : version)};
        }
    }
}
