package io.flotilla.overlay.dns;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Builds the name table of an overlay network from its services' running task addresses. */
public final class ServiceNames {

    private static final String TASKS_PREFIX = "tasks.";

    private ServiceNames() {
    }

    /**
     * Answers {@code <service>} and {@code tasks.<service>}, case-insensitively and with or
     * without a trailing dot, with the service's addresses; every other name is not ours.
     * Services whose names differ only in case share one entry, since DNS cannot tell them apart.
     */
    public static NameTable of(Map<String, List<String>> runningAddressesByService) {
        Map<String, LinkedHashSet<String>> merged = new HashMap<>();
        runningAddressesByService.forEach((service, addresses) -> {
            Objects.requireNonNull(service, "service name");
            Objects.requireNonNull(addresses, "addresses of " + service);
            String name = normalize(service);
            merged.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(addresses);
            merged.computeIfAbsent(TASKS_PREFIX + name, n -> new LinkedHashSet<>()).addAll(addresses);
        });
        Map<String, List<String>> addressesByName = new HashMap<>();
        merged.forEach((name, addresses) -> addressesByName.put(name, List.copyOf(new ArrayList<>(addresses))));
        Map<String, List<String>> table = Map.copyOf(addressesByName);
        return name -> Optional.ofNullable(table.get(normalize(name)));
    }

    private static String normalize(String name) {
        String relative = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        return relative.toLowerCase(Locale.ROOT);
    }
}
