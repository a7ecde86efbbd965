package io.flotilla.overlay.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RoundRobinTest {

    @Test
    void startsEachAnswerOneFurther() {
        RoundRobin roundRobin = new RoundRobin();
        List<String> addresses = List.of("a", "b", "c");

        assertThat(roundRobin.next("web.", addresses)).containsExactly("a", "b", "c");
        assertThat(roundRobin.next("web.", addresses)).containsExactly("b", "c", "a");
        assertThat(roundRobin.next("web.", addresses)).containsExactly("c", "a", "b");
        assertThat(roundRobin.next("web.", addresses)).containsExactly("a", "b", "c");
    }

    @Test
    void rotatesEachNameOnItsOwn() {
        RoundRobin roundRobin = new RoundRobin();
        List<String> addresses = List.of("a", "b");

        roundRobin.next("web.", addresses);

        assertThat(roundRobin.next("db.", addresses)).containsExactly("a", "b");
    }

    @Test
    void survivesTheListShrinking() {
        RoundRobin roundRobin = new RoundRobin();
        roundRobin.next("web.", List.of("a", "b", "c"));
        roundRobin.next("web.", List.of("a", "b", "c"));

        assertThat(roundRobin.next("web.", List.of("a"))).containsExactly("a");
        assertThat(roundRobin.next("web.", List.of())).isEmpty();
    }

    @Property
    void everyAddressLeadsOnceInARound(@ForAll @IntRange(min = 1, max = 30) int count) {
        RoundRobin roundRobin = new RoundRobin();
        List<Integer> addresses = IntStream.range(0, count).boxed().toList();
        Set<Integer> leaders = new HashSet<>();

        for (int query = 0; query < count; query++) {
            List<Integer> answer = roundRobin.next("web.", addresses);
            assertThat(answer).containsExactlyInAnyOrderElementsOf(addresses);
            leaders.add(answer.get(0));
        }

        assertThat(leaders).hasSize(count);
    }
}
