/**
 * The edge-video application: camel-main start-up ({@link dev.edgevideo.EdgeVideoMain},
 * {@link dev.edgevideo.EdgeVideoApplication}) and the composition root ({@link dev.edgevideo.EdgeVideoWiring}), which
 * binds the settings and builds every feature in order. Features live in sub-packages ({@code camera}, {@code sink},
 * {@code governor}, ...) and never import this package; what they share is in {@code settings}.
 */
package dev.edgevideo;
