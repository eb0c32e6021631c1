package io.switchboard.bench.model;

/** How far a suite got. */
public enum Status {
  /** Every figure of the suite was measured. */
  OK,
  /** Some figures were measured; the notes say which are missing and why. */
  PARTIAL,
  /** Nothing could be measured yet (a part of Switchboard it needs does not exist or is absent). */
  GAP,
  /** The suite ran and failed; the notes hold the error. */
  FAILED
}
