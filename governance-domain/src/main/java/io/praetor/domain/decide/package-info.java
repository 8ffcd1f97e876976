/**
 * Decide: loading policies from YAML ({@link io.praetor.domain.decide.PolicyLoader}), running their
 * inline tests, and the services behind the policy, finding, exemption and metrics use cases. The
 * CEL engine itself lives in {@code io.praetor.domain.decide.engine}.
 */
package io.praetor.domain.decide;
