package io.switchboard.supervisor;

import org.jspecify.annotations.Nullable;

/**
 * One child as its supervisor sees it ({@link Supervisor#whichChildren()}; OTP's
 * {@code which_children} entry).
 *
 * @param id the child's id (a worker's server name)
 * @param type worker or supervisor
 * @param status its status
 * @param loop the event loop a worker runs on, {@code null} for a supervisor
 * @param restarts how many times its supervisor restarted it
 * @param lastExit why it last exited, or {@code null} if it never did
 */
public record ChildInfo(
    String id, ChildType type, ChildStatus status, @Nullable String loop, int restarts,
    @Nullable ExitReason lastExit) {}
