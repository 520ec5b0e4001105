/**
 * What every feature may import, and which imports no feature back (the camera component's URL masking aside): the
 * settings binder ({@link dev.edgevideo.settings.Settings}), the one configuration error
 * ({@link dev.edgevideo.settings.ConfigurationException}), the known keys and their "did you mean", and the
 * one-line start-up failure.
 */
package dev.edgevideo.settings;
