package dev.edgevideo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RendezvousTest {

    private static final List<String> CAMERAS = IntStream.rangeClosed(1, 200)
            .mapToObj(i -> String.format("cam-%03d", i)).toList();

    @Test
    void noMemberOwnsMoreThanItsShareRoundedUp() {
        Map<String, Long> load = loads(Rendezvous.assign(List.of("a", "b", "c"), CAMERAS));
        assertThat(load.values()).allSatisfy(count -> assertThat(count).isBetween(66L, 67L));
        Map<String, Long> twelve = loads(Rendezvous.assign(List.of("a", "b", "c"), CAMERAS.subList(0, 12)));
        assertThat(twelve.values()).containsOnly(4L);
    }

    @Test
    void everyMemberComputesTheSameOwnersWhateverTheOrderItReadsThemIn() {
        assertThat(Rendezvous.assign(List.of("c", "a", "b"), CAMERAS))
                .isEqualTo(Rendezvous.assign(List.of("a", "b", "c"), new TreeSet<>(CAMERAS).descendingSet()));
    }

    @Test
    void aLeavingMemberMovesItsOwnCamerasAndFewOthers() {
        Map<String, String> three = Rendezvous.assign(List.of("a", "b", "c"), CAMERAS);
        Map<String, String> two = Rendezvous.assign(List.of("a", "b"), CAMERAS);
        long movedBetweenSurvivors = CAMERAS.stream()
                .filter(camera -> !three.get(camera).equals("c") && !three.get(camera).equals(two.get(camera)))
                .count();
        assertThat(two.values()).doesNotContain("c");
        assertThat(movedBetweenSurvivors).as("cameras moved between the two survivors").isLessThan(20);
    }

    @Test
    void noMembersOwnNothing() {
        assertThat(Rendezvous.assign(List.of(), CAMERAS)).isEmpty();
    }

    private static Map<String, Long> loads(Map<String, String> owners) {
        return new HashMap<>(owners.values().stream().collect(Collectors.groupingBy(o -> o, Collectors.counting())));
    }
}
