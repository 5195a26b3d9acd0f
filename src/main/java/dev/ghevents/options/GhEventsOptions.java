package dev.ghevents.options;

/**
 * Every option of the pipeline; {@code --help=GhEventsOptions} lists them with their descriptions.
 */
public interface GhEventsOptions
    extends SourceOptions, LakeOptions, WarehouseOptions, LoadOptions {}
