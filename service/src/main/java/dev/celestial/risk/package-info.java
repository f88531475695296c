/**
 * Impact risks: own records and the JPL Sentry summary. Layer: a kind; it uses the layers below and no
 * other kind.
 */
package dev.celestial.risk;
