/**
 * Space weather: solar flares and CMEs, own records and NASA DONKI FLR/CME. Layer: a kind; it uses the
 * layers below and no other kind.
 */
package dev.celestial.solar;
