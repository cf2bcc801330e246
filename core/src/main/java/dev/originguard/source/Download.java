package dev.originguard.source;

/**
 * The outcome of one conditional GET: either "not modified" (HTTP 304) or a body with its validators.
 *
 * @param notModified  whether the server answered 304
 * @param body         the decoded body (strict UTF-8), null when not modified
 * @param contentType  the Content-Type header, or null
 * @param etag         the ETag header, or null
 * @param lastModified the Last-Modified header, or null
 */
record Download(boolean notModified, String body, String contentType, String etag, String lastModified) {

    static final Download NOT_MODIFIED = new Download(true, null, null, null, null);
}
