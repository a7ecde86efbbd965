/**
 * The domain model: services, tasks, nodes and their states as immutable records with
 * validating constructors, plus the pure helpers that go with them. No Vert.x, no Docker, no clock.
 */
package io.flotilla.model;
