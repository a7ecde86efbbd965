/**
 * Who may join the cluster: join tokens derived from the cluster secret, one per role, so no
 * token ever needs to be stored. Rotating a role's token bumps its generation.
 */
package io.flotilla.scheduler.membership;
