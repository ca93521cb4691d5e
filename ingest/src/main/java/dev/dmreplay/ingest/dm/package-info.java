/**
 * Device-mapper dumps and the stack they describe.
 *
 * <p>Entry point: {@link dev.dmreplay.ingest.dm.DmTopology}. From files:
 * {@code DmTopology.load(table, lsTreeOrNull, infoOrNull, lsOrNull)}; from text embedded in a scenario:
 * {@code DmTopology.parse(source, tableText)} or, to add numbers,
 * {@code DmTopology.builder().table(source, text, nameOrNull).ls(source, lsText).info(source, infoText)
 * .number(name, devNo).build()}. The result gives {@link dev.dmreplay.ingest.dm.MappedDevice}s (name, number,
 * uuid, {@link dev.dmreplay.ingest.dm.Segment}s), the stacking graph ({@code lowers}, {@code uppers}),
 * {@code topLevel()}, {@code leaves()}, {@code bottomUp()} and {@code warnings()}.
 *
 * <p>Each segment's target is a {@link dev.dmreplay.ingest.dm.TargetArgs}: a sealed interface with one record
 * per target type ({@code LinearArgs}, {@code StripedArgs}, {@code ThinPoolArgs}, ..., and
 * {@code GenericTargetArgs} for types not typed here), switchable with pattern matching. Linear and striped
 * implement {@link dev.dmreplay.ingest.dm.SectorMapper} ({@code linear_map_sector}, {@code stripe_map_sector});
 * {@code Segment.map(sector)} applies it.
 *
 * <p>Bad input throws {@link dev.dmreplay.ingest.io.TableFormatException} with file and line, naming device,
 * segment index and start, target and argument.
 */
package dev.dmreplay.ingest.dm;
