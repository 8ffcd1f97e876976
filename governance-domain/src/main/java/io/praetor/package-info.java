/** The Praetor SDK facade: {@link io.praetor.Praetor#builder()} is the one entry point for embedders. */
package io.praetor;
