/** How handlers and live sources obtain cloud credentials, without the domain ever holding secrets longer than a call. */
package io.praetor.ports.credentials;
