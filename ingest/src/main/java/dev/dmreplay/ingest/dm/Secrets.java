package dev.dmreplay.ingest.dm;

/** Masks key material the way dmsetup does without {@code --showkeys}: same length, all zeros. */
final class Secrets {
    private Secrets() {
    }

    /**
     * A crypt key as dmsetup prints it without {@code --showkeys} (lvm2 dmsetup.c {@code _status}): every
     * character up to the next space becomes '0' unless the key is a keyring reference
     * ({@code :<size>:<type>:<desc>}); so an empty key ("-") prints as "0".
     */
    static String maskKey(String key) {
        if (key.startsWith(":")) {
            return key;
        }
        return "0".repeat(key.length());
    }

    /** {@code name:alg:key} options of dm-integrity: the key part after the second colon is zeroed. */
    static String maskIntegrityOption(String option) {
        if (option.startsWith("internal_hash:") || option.startsWith("journal_crypt:")
                || option.startsWith("journal_mac:")) {
            int first = option.indexOf(':');
            int second = option.indexOf(':', first + 1);
            if (second > 0) {
                return option.substring(0, second + 1) + maskKey(option.substring(second + 1));
            }
        }
        return option;
    }
}
