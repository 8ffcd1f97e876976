/**
 * The {@code praetor} command line (picocli). Exit codes: 0 ok, 1 policy/test/verification
 * failure, 2 usage or input error with a clear message on stderr.
 */
package io.praetor.server.cli;
