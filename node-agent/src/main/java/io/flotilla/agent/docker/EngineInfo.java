package io.flotilla.agent.docker;

/** The engine's version and the host resources it sees. */
public record EngineInfo(String version, int cpus, long memoryBytes) {}
