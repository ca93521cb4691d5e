package dev.dmreplay.ingest.dm;

import java.util.List;

/**
 * {@code crypt <cipher> <key> <iv_offset> <dev> <offset> [<#opt> options]} ({@code crypt_ctr}, dm-crypt.c).
 * The key is kept as given but never printed: {@link #params()} and {@link #toString()} show a hex key as
 * zeros of the same length; keyring references ({@code :<size>:<logon|user>:<desc>}) are shown as they are.
 */
public record CryptArgs(String cipher, String key, long ivOffset, DevRef dev, long offset, List<String> options)
        implements TargetArgs {

    public CryptArgs {
        options = List.copyOf(options);
    }

    /** Whether the key is a kernel keyring reference rather than key material. */
    public boolean keyringKey() {
        return key.startsWith(":");
    }

    @Override
    public String type() {
        return "crypt";
    }

    @Override
    public List<DevRef> devices() {
        return List.of(dev);
    }

    @Override
    public String params() {
        String p = cipher + " " + Secrets.maskKey(key) + " " + ivOffset + " " + dev + " " + offset;
        return options.isEmpty() ? p : p + " " + options.size() + " " + String.join(" ", options);
    }

    @Override
    public String toString() {
        return "CryptArgs[cipher=" + cipher + ", key=" + Secrets.maskKey(key) + ", ivOffset=" + ivOffset + ", dev="
                + dev + ", offset=" + offset + ", options=" + options + "]";
    }
}
