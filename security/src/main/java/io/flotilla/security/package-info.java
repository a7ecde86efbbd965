/**
 * The cluster's certificate authority and what TLS between nodes is made of: key pairs,
 * certificate requests, node certificates naming a node's id and role, PEM files, the CA digest
 * that join tokens carry, and the sealing of the CA key in the managers' replicated state.
 * Built on BouncyCastle and the JDK's JSSE; no networking here.
 */
package io.flotilla.security;
