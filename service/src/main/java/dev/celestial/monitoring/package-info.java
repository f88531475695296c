/** What operators watch from inside the service: the primary's top statements (pg_stat_statements). */
package dev.celestial.monitoring;
