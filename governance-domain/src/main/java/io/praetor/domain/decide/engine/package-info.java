/**
 * The CEL policy engine: {@link io.praetor.domain.decide.engine.PolicyCompiler} type-checks and
 * compiles a policy once, {@link io.praetor.domain.decide.engine.PolicyEngine} indexes compiled
 * policies by resource type and evaluates a resource as a pure function of (resource, now, params).
 * The only package that may touch CEL, Guava or protobuf types.
 */
package io.praetor.domain.decide.engine;
