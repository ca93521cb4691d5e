package dev.dmreplay.analyze.repro;

/**
 * {@code workload.fio}: one fio job per submitting task of the plan, each replaying its iolog v3 at the recorded
 * times ({@code read_iolog}; fio paces a version 3 log by its time stamps), starting when the task's first bio
 * does ({@code startdelay}). Asynchronous direct I/O with a deep queue, so that a task keeps submitting while its
 * earlier bios are in flight, as the model's tasks do.
 */
final class FioJob {
    private FioJob() {
    }

    static String render(ReproPlan p) {
        StringBuilder s = new StringBuilder();
        s.append("# fio job of the reproducer ").append(ReproScript.oneLine(p.name()))
                .append(" (run by repro.sh; REPRO_DIR is the reproducer's directory)\n");
        s.append("[global]\nioengine=libaio\ndirect=1\niodepth=256\nthread\n");
        for (ReproPlan.Job j : p.jobs()) {
            s.append("\n[").append(ReproLeaf.keyOf(j.name())).append("]\n");
            s.append("read_iolog=${REPRO_DIR}/workload/").append(fileName(j)).append('\n');
            if (j.startUs() > 0) {
                s.append("startdelay=").append(j.startUs()).append("us\n");
            }
        }
        return s.toString();
    }

    static String fileName(ReproPlan.Job j) {
        return ReproLeaf.keyOf(j.name()) + ".iolog";
    }
}
