package dev.edgevideo.camera.ffmpeg;

/** The size a frame is encoded at: the source size, or fitted inside a box with the aspect kept. */
final class OutputSize {

    private OutputSize() {
    }

    /**
     * @param width     source width
     * @param height    source height
     * @param maxWidth  box width, 0 for unbounded
     * @param maxHeight box height, 0 for unbounded
     * @return {width, height}, never larger than the source, even (JPEG 4:2:0 chroma wants even sizes)
     */
    static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = 1.0;
        if (maxWidth > 0 && width > maxWidth) {
            scale = Math.min(scale, (double) maxWidth / width);
        }
        if (maxHeight > 0 && height > maxHeight) {
            scale = Math.min(scale, (double) maxHeight / height);
        }
        int outWidth = Math.max(2, (int) Math.round(width * scale) & ~1);
        int outHeight = Math.max(2, (int) Math.round(height * scale) & ~1);
        return new int[] {outWidth, outHeight};
    }
}
