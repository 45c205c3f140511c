/**
 * What operators look at besides the events themselves: the streams commands contend on ({@link
 * org.eventcore.application.operations.HotStreams}, in bounded memory) and a port for browsing the
 * store by stream-id prefix and by correlation ({@link
 * org.eventcore.application.operations.StoreBrowser}).
 */
package org.eventcore.application.operations;
