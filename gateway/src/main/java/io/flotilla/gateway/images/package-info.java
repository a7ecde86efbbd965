/**
 * Images built by {@code --build}: archives ({@code docker save}) uploaded to a manager, kept in
 * its data directory by image ID, and served in pieces over the cluster's bus to agents that lack
 * them.
 */
package io.flotilla.gateway.images;
