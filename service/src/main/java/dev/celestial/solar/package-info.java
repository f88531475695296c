/** Space weather: solar flares and CMEs, own records and NASA DONKI FLR/CME. */
package dev.celestial.solar;
