package io.flotilla.e2e;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A class of tests on an all-in-one cluster of its own, on the machine's engine: started once
 * for the class with the test images built, and the containers of {@link #services()} removed
 * before and after, so a run left over from before cannot count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AllInOneTestBase {
  protected FlotillaProcess flotilla;

  /** The services this class creates, by name. */
  protected abstract List<String> services();

  @BeforeAll
  void startAllInOne() throws IOException {
    Docker.buildTestImages();
    services().forEach(Docker::removeServiceContainers);
    flotilla = new FlotillaProcess();
    flotilla.start();
  }

  @AfterAll
  void stopAllInOne() throws InterruptedException {
    if (flotilla != null) {
      flotilla.close();
    }
    services().forEach(Docker::removeServiceContainers);
  }
}
