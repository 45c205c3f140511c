/**
 * Benchmarks of the standard workloads W1–W4 (see {@code shared/bench/WORKLOADS.md}); each figure
 * is reported beside the raw-SQL limit measured in the same run.
 */
package org.eventcore.bench;
