/**
 * The event-bus contract: every address, every payload record and the default timeouts,
 * plus the JSON mapping used on the bus and at the HTTP edge. Payloads travel as JSON text,
 * so no member ever needs a custom codec.
 */
package io.flotilla.bus;
