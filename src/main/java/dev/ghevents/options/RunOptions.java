package dev.ghevents.options;

/**
 * The options every run has, whatever its warehouse; each warehouse adds its own ({@code
 * dev.ghevents.GhEventsOptions} holds them all).
 */
public interface RunOptions extends SourceOptions, LakeOptions, WarehouseOptions, LoadOptions {}
