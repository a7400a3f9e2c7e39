package io.github.bilibiliapi.dynamic;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.JsonNode;

/**
 * An image stored by {@code upload_bfs}.
 *
 * @param url    the image URL on bilibili's CDN
 * @param width  width in pixels
 * @param height height in pixels
 * @param size   size in KiB as bilibili reports it
 * @param raw    the whole {@code data} object
 */
public record UploadedImage(String url, int width, int height, double size, @JsonIgnore JsonNode raw) {

    static UploadedImage from(JsonNode d) {
        return new UploadedImage(d.path("image_url").asString(""), d.path("image_width").asInt(0),
                d.path("image_height").asInt(0), d.path("img_size").asDouble(0), d);
    }
}
