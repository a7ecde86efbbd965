/**
 * The container engine as the node agent sees it: {@link io.flotilla.agent.engine.Engine} and
 * one small interface per concern (task containers, images, events; networks are overlay-net's
 * {@link io.flotilla.overlay.DockerNetworks}), in plain Java, so the agent can run against an
 * in-process fake and the Docker adapters can be tested against the real engine.
 */
package io.flotilla.agent.engine;
