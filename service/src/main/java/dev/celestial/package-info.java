/**
 * The celestial service. Its packages form layers; a package uses only packages of its own layer or
 * below, never one above, and no two packages use each other (kept by {@code PackageLayeringTests}):
 *
 * <pre>
 * problem                    the one error mapper: knows the errors of every layer below
 * features                   alert, catalogue, correlation, fdsn, monitoring, warmup: built on the kinds
 * kinds                      earthquake, ephemeris, meteor, orbit, risk, solar, volcano: none uses another
 * archive                    the yearly archive (where reads of a kind include it)
 * ingest                     the one ingestion pipeline the kinds plug into
 * access                     who may do what: clients, keys, scopes, limits
 * web                        HTTP helpers: parameters, JSON pages and streams, cursors, request errors
 * routing                    where a read runs: replica or primary
 * db                         the pools, the driver, SQL helpers
 * </pre>
 *
 * A new kind is one new package in the kinds layer that uses the layers below it.
 */
package dev.celestial;
