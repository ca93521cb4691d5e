package dev.dmreplay.replay.observe;

/** Which mechanism moved bios off a task's {@code current->bio_list} (PUNT, OFFLOAD) or resubmitted them (RESCUE). */
public enum RescueMechanism {
    /** The per-bioset rescuer: {@code punt_bios_to_rescuer}, then {@code bio_alloc_rescue} (v3.18+). */
    BIOSET_RESCUER("punt_bios_to_rescuer", "bio_alloc_rescue"),
    /** dm_offload's plug callback {@code flush_current_bio_list} (v4.11–v4.15): to each bio's bioset rescuer. */
    DM_OFFLOAD("flush_current_bio_list", "bio_alloc_rescue"),
    /** NEIL: the task's bios go to {@code md->rescued}, resubmitted by {@code dm_wq_work}. */
    MD_RESCUED("rescue to md->rescued", "dm_wq_work"),
    /** HELP: the task's bios go to per-device helper lists, resubmitted by the helpers. */
    HELPER("hand to helper", "helper");

    private final String moveDetail;
    private final String rescueDetail;

    RescueMechanism(String moveDetail, String rescueDetail) {
        this.moveDetail = moveDetail;
        this.rescueDetail = rescueDetail;
    }

    /** The free-text detail of a PUNT or OFFLOAD by this mechanism (what moved the bios). */
    public String moveDetail() {
        return moveDetail;
    }

    /** The free-text detail of a RESCUE by this mechanism (what resubmitted the bio). */
    public String rescueDetail() {
        return rescueDetail;
    }
}
