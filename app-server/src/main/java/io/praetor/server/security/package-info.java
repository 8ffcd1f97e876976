/** The local ES256 key (ledger tree heads and dev-mode tokens) and dev-mode token minting. */
package io.praetor.server.security;
