package bitbisect.writer.cli;

import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The writer's command models, built in code rather than read from annotations. Reading
 * annotations made the JVM generate a proxy class per annotation type and picocli reflect over
 * every field, about 0.1 s of each run's start, and the runner starts the writer for every
 * cell; a class-data archive cannot hold those proxies. The help texts are the same as the
 * annotated models printed.
 */
final class CommandSpecs {

    private CommandSpecs() {
    }

    /** A command whose model is {@code command} with no annotations read; options sorted as added. */
    static CommandSpec command(Object command, String[] description, String... footer) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        spec.versionProvider(new Version());
        spec.usageMessage().description(description).footer(footer).sortOptions(false).autoWidth(true);
        return spec;
    }

    /**
     * An option taking a value. {@code defaultValue} may be null (the value is then null when the
     * option is not given); a description may show it as {@code ${DEFAULT-VALUE}}.
     */
    static OptionSpec option(CommandSpec spec, String name, Class<?> type, String label, String defaultValue,
                             String description) {
        return add(spec, OptionSpec.builder(name).type(type).paramLabel(label).defaultValue(defaultValue)
                .description(description));
    }

    /** An option that must be given. */
    static OptionSpec required(CommandSpec spec, String name, Class<?> type, String label, String description) {
        return add(spec, OptionSpec.builder(name).type(type).paramLabel(label).required(true).description(description));
    }

    /** An option without a value: true when given. */
    static OptionSpec flag(CommandSpec spec, String name, String description) {
        return add(spec, flag(name).description(description));
    }

    /** The value an option was given, or its default. */
    static <T> T value(OptionSpec option) {
        return option.getValue();
    }

    /** -h/--help and -V/--version, last in the list, as picocli's standard help options print. */
    static void helpOptions(CommandSpec spec) {
        add(spec, flag("-h", "--help").usageHelp(true).description("Show this help message and exit."));
        add(spec, flag("-V", "--version").versionHelp(true).description("Print version information and exit."));
    }

    private static OptionSpec.Builder flag(String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0").initialValue(false);
    }

    private static OptionSpec add(CommandSpec spec, OptionSpec.Builder option) {
        OptionSpec built = option.build();
        spec.addOption(built);
        return built;
    }

    /** What --version prints, for every command. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pattern-writer " + PatternWriter.version(), "Java " + System.getProperty("java.runtime.version")};
        }
    }
}
