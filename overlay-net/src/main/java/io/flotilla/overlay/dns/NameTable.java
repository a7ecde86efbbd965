package io.flotilla.overlay.dns;

import java.util.List;
import java.util.Optional;

/** The names this node's DNS server answers itself. Called on the event loop: must not block. */
@FunctionalInterface
public interface NameTable {

    /**
     * @param name the name as queried, in any case, usually with a trailing dot
     * @return empty if the name is not ours (it goes upstream); otherwise the IPv4 addresses of
     *     our answer, possibly none
     */
    Optional<List<String>> lookup(String name);
}
