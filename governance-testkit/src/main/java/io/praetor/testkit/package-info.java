/**
 * Contract tests every adapter of a driven port must pass: one abstract JUnit class per port,
 * named {@code <Port>Contract}, with one abstract factory method; an adapter module runs a suite by
 * subclassing it in a few lines. Fixtures are in {@link io.praetor.testkit.fixtures}.
 */
package io.praetor.testkit;
