/**
 * The HTTP API v1 of API.md on Javalin 7: {@link io.praetor.adapters.http.HttpApi} builds a server over
 * the driving ports ({@link io.praetor.adapters.http.ApiServices}), verifying bearer tokens with
 * {@link io.praetor.adapters.http.JwtVerifier}; every error is RFC 9457 problem+json.
 */
package io.praetor.adapters.http;
