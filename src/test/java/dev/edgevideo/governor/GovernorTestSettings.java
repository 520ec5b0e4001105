package dev.edgevideo.governor;

import java.util.function.Consumer;

/** The governor's tests' settings: the defaults with a limit of 1000 MB, so a process of N MB is at N / 10 %. */
final class GovernorTestSettings {

    private GovernorTestSettings() {
    }

    static MemoryGovernorSettings limit1000Mb() {
        return limit1000Mb(settings -> { });
    }

    static MemoryGovernorSettings limit1000Mb(Consumer<MemoryGovernorSettings> change) {
        MemoryGovernorSettings settings = new MemoryGovernorSettings();
        settings.setMaxMemoryMb(1000);
        change.accept(settings);
        return settings;
    }
}
