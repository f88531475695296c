/** Impact risks: own records and the JPL Sentry summary. */
package dev.celestial.risk;
