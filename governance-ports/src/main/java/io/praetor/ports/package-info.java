/**
 * Praetor's vocabulary and ports. Sub-packages group them by feature; this package holds what every
 * feature shares: tenants, principals, paging, the root exception and the transaction boundary.
 * Time is read through the JDK's {@link java.time.InstantSource}, injected wherever an expiry matters.
 */
package io.praetor.ports;
