package io.flotilla.agent.engine;

/** The engine's version and the host resources it sees. */
public record EngineInfo(String version, int cpus, long memoryBytes) {}
