package dev.prism.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A configuration the gateway cannot start with. Each problem starts with the path of the setting
 * at fault ({@code server.port: expected a number}) and is meant for the operator as is; the
 * message holds every problem found, one a line, so a file is fixed in one round.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(String path, String message) {
        super(path.isEmpty() ? message : path + ": " + message, null, false, false);
        this.problems = List.of(getMessage());
    }

    private ConfigException(List<String> problems) {
        super(String.join("\n", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    /** One exception holding every problem of {@code errors}, in order. */
    public static ConfigException of(List<ConfigException> errors) {
        if (errors.size() == 1) {
            return errors.getFirst();
        }
        List<String> problems = new ArrayList<>();
        // A section that is not a map is found by each reader that looks into it: say it once.
        errors.stream().flatMap(e -> e.problems().stream()).distinct().forEach(problems::add);
        if (problems.size() == 1) {
            return errors.getFirst();
        }
        return new ConfigException(problems);
    }

    /** Each problem, a line each, starting with its path. */
    public List<String> problems() {
        return problems;
    }
}
