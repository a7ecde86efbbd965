/** Built images' archives, fetched from the managers over the cluster's bus (mutual TLS between nodes). */
package io.flotilla.agent.images;
