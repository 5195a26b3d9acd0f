package dev.ghevents.warehouse;

import dev.ghevents.ledger.LoadBatch;
import java.io.Serializable;

/**
 * Told of a commit's last moment: inside its transaction, once every statement has run and before
 * it is committed. The crash tests stop a run there to show that a commit killed at that point
 * leaves nothing behind; a real run has {@link #NONE}.
 */
@FunctionalInterface
public interface CommitObserver extends Serializable {
  CommitObserver NONE = batch -> {};

  void beforeCommit(LoadBatch batch);
}
