package io.praetor.server.config;

import io.praetor.ports.ErrorCode;
import io.praetor.ports.PraetorException;

/** A configuration value that cannot be used; the message names the variable. */
public final class ConfigException extends PraetorException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String variable, String problem) {
        super(ErrorCode.VALIDATION, variable + ": " + problem);
    }
}
