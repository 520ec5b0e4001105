package dev.edgevideo.api;

/**
 * The JSON body of an API error.
 *
 * @param status  the HTTP status
 * @param error   what went wrong, for people
 */
public record ApiError(int status, String error) {
}
