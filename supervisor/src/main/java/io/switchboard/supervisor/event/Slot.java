package io.switchboard.supervisor.event;

/**
 * One ring slot: a reference to the published event. Every handler reads the same slot; the
 * event is never copied. Written only by the publisher that claimed the slot, before publishing.
 */
final class Slot<E> {
  E event;
}
