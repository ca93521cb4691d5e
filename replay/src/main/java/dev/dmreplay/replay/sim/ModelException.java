package dev.dmreplay.replay.sim;

import java.util.List;

/**
 * An exception inside the model, with where the model was when it happened: the virtual time, the event being
 * run, and — when the event was a task running its frames — the task and its modelled kernel stack (innermost
 * first). It is a bug in the model or in its input checking, never bad input: the command line reports it as an
 * internal error.
 */
public final class ModelException extends RuntimeException {
    private final long timeNs;
    private final String event;
    private final String task;
    private final List<String> backtrace;

    ModelException(long timeNs, String event, Task task, Throwable cause) {
        super(message(timeNs, event, task, cause), cause);
        this.timeNs = timeNs;
        this.event = event;
        this.task = task == null ? null : task.name;
        this.backtrace = task == null ? List.of() : List.copyOf(task.backtrace());
    }

    private static String message(long timeNs, String event, Task task, Throwable cause) {
        StringBuilder b = new StringBuilder("model failed at ").append(timeNs).append(" ns in event ").append(event);
        if (task != null) {
            b.append(", task ").append(task.name).append(" in ").append(String.join(" <- ", task.backtrace()));
        }
        return b.append(": ").append(cause).toString();
    }

    /** Virtual time of the failing event. */
    public long timeNs() {
        return timeNs;
    }

    /** The event that was running (e.g. {@code run task T1}). */
    public String event() {
        return event;
    }

    /** The task whose frames were running, or null (a completion, a timer). */
    public String task() {
        return task;
    }

    /** The task's kernel stack at the failure, innermost first (empty without a task). */
    public List<String> backtrace() {
        return backtrace;
    }
}
