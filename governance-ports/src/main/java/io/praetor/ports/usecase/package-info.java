/**
 * Driving ports: the use cases the HTTP adapter, the CLI and embedders call. Every method takes
 * the verified {@link io.praetor.ports.Principal}; the tenant comes from it and nowhere else, and
 * anything of another tenant is NOT_FOUND. Errors are {@link io.praetor.ports.PraetorException}s
 * whose code the HTTP adapter maps to a problem type.
 */
package io.praetor.ports.usecase;
