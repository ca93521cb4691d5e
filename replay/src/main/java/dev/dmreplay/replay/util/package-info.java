/** Small primitive containers shared by the replay's packages. */
package dev.dmreplay.replay.util;
