/**
 * What the bench JVM and the in-server harness share: the load loop (N clients for a warm-up and a
 * measured period, latencies in an HdrHistogram), its measurement and JSON form, the standard event
 * payloads and the fold that a replay applies. Plain Java plus HdrHistogram and JSON-P, so that it
 * runs on both sides; it is packaged into the bench WAR as well.
 */
package org.eventcore.bench.load;
