/**
 * Amazon S3 (and S3-compatible) adapters over the AWS SDK v2: {@link io.praetor.adapters.s3.S3EvidenceStore}
 * keeps content-addressed evidence in a bucket, {@link io.praetor.adapters.s3.S3BucketActionHandler}
 * remediates bucket settings, and {@link io.praetor.adapters.s3.S3Adapters} builds both on one client
 * from {@link io.praetor.adapters.s3.S3Settings}.
 */
package io.praetor.adapters.s3;
