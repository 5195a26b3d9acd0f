package dev.ghevents.testing;

import dev.ghevents.GhEventsPipeline;

/** The pipeline's {@code main} with the crash tests' pauses ({@link PausingWarehouse}). */
public final class PausingMain {
  private PausingMain() {}

  public static void main(String[] args) {
    System.exit(GhEventsPipeline.runMain(args, PausingWarehouse::around));
  }
}
