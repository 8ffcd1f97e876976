/**
 * Configuration of the server and CLI: environment variables, or the same keys in a YAML file
 * (environment wins), validated at start so a bad value stops with one line naming the variable.
 */
package io.praetor.server.config;
