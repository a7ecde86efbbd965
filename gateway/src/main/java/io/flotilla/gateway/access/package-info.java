/** Which API calls need which role: pure rules, no Vert.x; the gateway's bearer check applies them. */
package io.flotilla.gateway.access;
