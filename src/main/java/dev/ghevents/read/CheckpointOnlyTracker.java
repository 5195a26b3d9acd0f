package dev.ghevents.read;

import org.apache.beam.sdk.io.range.OffsetRange;
import org.apache.beam.sdk.transforms.splittabledofn.OffsetRangeTracker;
import org.apache.beam.sdk.transforms.splittabledofn.RestrictionTracker;
import org.apache.beam.sdk.transforms.splittabledofn.SplitResult;

/**
 * Line positions of one hour file, claimed in order, that a runner may checkpoint (split at the
 * current position, as Beam's DirectRunner does every 10,000 outputs, which bounds its bundles) but
 * not split ahead of it: a gzip cannot be entered in the middle, so the rest of a file split in two
 * would be decompressed from its start again.
 */
final class CheckpointOnlyTracker extends RestrictionTracker<OffsetRange, Long>
    implements RestrictionTracker.HasProgress {
  private final OffsetRangeTracker delegate;

  CheckpointOnlyTracker(OffsetRange range) {
    this.delegate = new OffsetRangeTracker(range);
  }

  @Override
  public boolean tryClaim(Long position) {
    return delegate.tryClaim(position);
  }

  @Override
  public OffsetRange currentRestriction() {
    return delegate.currentRestriction();
  }

  @Override
  public SplitResult<OffsetRange> trySplit(double fractionOfRemainder) {
    return fractionOfRemainder == 0 ? delegate.trySplit(0) : null;
  }

  @Override
  public void checkDone() throws IllegalStateException {
    delegate.checkDone();
  }

  @Override
  public IsBounded isBounded() {
    return IsBounded.BOUNDED;
  }

  @Override
  public Progress getProgress() {
    // The file's line count is unknown until its end: report what is done, nothing remaining.
    OffsetRange range = delegate.currentRestriction();
    Progress p = delegate.getProgress();
    return range.getTo() == Long.MAX_VALUE ? Progress.from(p.getWorkCompleted(), 0) : p;
  }
}
