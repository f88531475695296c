/** Read routing: every read-only query goes to the replica, or to the primary when the replica cannot serve it. */
package dev.celestial.read;
