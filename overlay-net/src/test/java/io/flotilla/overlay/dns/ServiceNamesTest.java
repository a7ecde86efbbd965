package io.flotilla.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    private final NameTable table = ServiceNames.of(Map.of(
            "web", List.of("10.0.0.2", "10.0.0.3"),
            "idle", List.of()));

    @Test
    void answersServiceNameWithItsAddresses() {
        assertThat(table.lookup("web")).contains(List.of("10.0.0.2", "10.0.0.3"));
    }

    @Test
    void answersTasksNameWithTheSameAddresses() {
        assertThat(table.lookup("tasks.web.")).contains(List.of("10.0.0.2", "10.0.0.3"));
    }

    @Test
    void ignoresCaseAndTrailingDot() {
        assertThat(table.lookup("WEB.")).contains(List.of("10.0.0.2", "10.0.0.3"));
        assertThat(table.lookup("Tasks.Web")).contains(List.of("10.0.0.2", "10.0.0.3"));
    }

    @Test
    void answersServiceWithoutRunningTasksWithNoAddresses() {
        assertThat(table.lookup("idle.")).contains(List.of());
        assertThat(table.lookup("tasks.idle")).contains(List.of());
    }

    @Test
    void leavesOtherNamesToUpstreams() {
        assertThat(table.lookup("db.")).isEmpty();
        assertThat(table.lookup("web.example.com.")).isEmpty();
        assertThat(table.lookup("tasks.tasks.web.")).isEmpty();
        assertThat(table.lookup("tasks.")).isEmpty();
        assertThat(table.lookup(".")).isEmpty();
    }

    @Test
    void mergesServicesThatDifferOnlyInCase() {
        NameTable merged = ServiceNames.of(Map.of("api", List.of("10.0.0.2"), "API", List.of("10.0.0.3")));

        assertThat(merged.lookup("api").orElseThrow()).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");
    }

    @Test
    void isNotChangedByLaterChangesToItsInput() {
        List<String> addresses = new ArrayList<>(List.of("10.0.0.2"));
        Map<String, List<String>> services = new HashMap<>(Map.of("web", addresses));
        NameTable snapshot = ServiceNames.of(services);

        addresses.add("10.0.0.9");
        services.put("db", List.of("10.0.0.4"));

        assertThat(snapshot.lookup("web")).contains(List.of("10.0.0.2"));
        assertThat(snapshot.lookup("db")).isEmpty();
    }

    @Property
    void anySpellingOfAServiceFindsIt(@ForAll @AlphaChars @StringLength(min = 1, max = 20) String service,
            @ForAll boolean upperCase, @ForAll boolean trailingDot, @ForAll boolean tasks) {
        NameTable names = ServiceNames.of(Map.of(service, List.of("10.0.0.7")));
        String spelled = (tasks ? "tasks." : "")
                + (upperCase ? service.toUpperCase(Locale.ROOT) : service.toLowerCase(Locale.ROOT))
                + (trailingDot ? "." : "");

        assertThat(names.lookup(spelled)).contains(List.of("10.0.0.7"));
    }
}
